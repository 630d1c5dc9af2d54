/** The behaviour model lives in src/model (the change planner ships it); the tests import it from here. */
export * from '../../src/model/spilo-model';
