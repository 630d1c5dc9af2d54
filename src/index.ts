// The public surface: explicit named exports only.

// errors and rule codes
export { Errors } from './validation/errors';
export { RuleCode } from './validation/rule-code';

// the cluster and its contract
export { ICluster, PatroniSettings, LogicalBackupSettings } from './cluster/cluster-ref';
export { ConnectionTarget } from './cluster/endpoints';
export {
  ClusterFeatures, IFeatureListener, PoolerFeature, ArchiveFeature, DataSourceFeature, DataSourceKind, TlsFeature, MonitoringFeature,
  ResourceQuantities,
} from './cluster/features';
export { ClusterEndpoints } from './cluster/endpoints';
export { Cluster } from './cluster/cluster';
export { ClusterProps, LogicalBackupOptions, TlsOptions } from './cluster/props';
export { PostgresVersion } from './cluster/version';
export { ClusterSize } from './cluster/size-preset';
export { PostgresTuning, TuningInput, Workload, StorageKind } from './cluster/tuning';
export { PostgresParameterCatalog, ParameterDefinition, ParameterType, ParameterContext } from './postgres/catalog';
export { PostgresParameterChecks, ParameterCheckInput, ParameterProblem } from './postgres/check';
export { UserFlag, SecretRotation, DatabaseUser, Database, PreparedSchema, PreparedExtension, PreparedDatabase } from './cluster/users';
export { Weekday, MaintenanceWindow } from './cluster/maintenance';
export { ServiceExposure } from './cluster/exposure';
export { TopologySpread } from './cluster/scheduling';
export { PortProtocol, SidecarPort, Sidecar } from './cluster/sidecar';
export { AdditionalVolume } from './cluster/volumes';
export { SlotType, PatroniSlot, PatroniOptions } from './cluster/patroni';

// pooler
export { PoolerMode } from './pooler/pooler-mode';
export { ConnectionPooler, ConnectionPoolerOptions, ConnectionPoolerProps } from './pooler/connection-pooler';

// backups, restore, standby
export { BackupStorageKind, S3Encryption, S3StorageProps, GcsStorageProps, AzureStorageProps, BackupStorage } from './backup/storage';
export { BackupCredentialsKind, BackupSecretKeys, AzureServicePrincipalKeys, BackupCredentials } from './backup/credentials';
export { GkeDataplane } from './backup/metadata-endpoints';
export { KeyTransform, BackupEncryption } from './backup/encryption';
export { BackupLocationProps, BackupLocation } from './backup/location';
export { WalgCompression, WalgBackupProps, WalgBackup } from './backup/walg-backup';
export { PointInTime, Restore } from './backup/restore';
export { StandbySource, StandbyClusterProps, RequiredSecret, StandbyCluster } from './standby/standby-cluster';

// platform, network, TLS
export {
  EbsVolumeType, EksStorageProps, AzureDiskSku, AzureCachingMode, AksStorageProps, GcePersistentDiskType, GkeStorageProps,
  LonghornDataLocality, LonghornStorageProps, GenericStorageProps, PlatformStorage,
} from './platform/storage';
export { NetworkPeer } from './network/peer';
export { ClusterNetworkPolicyOptions, ClusterNetworkPolicyProps, ClusterNetworkPolicy } from './network/cluster-network-policy';
export { IssuerKind, TlsVersion, IssuerReference, PostgresCertificateProps, PostgresCertificate } from './tls/postgres-certificate';

// monitoring
export { AlertThresholds, RuleGroup, RuleGroups } from './monitoring/rules';
export { PromRule } from './monitoring/prom-rule';
export { MonitorKind, WalgExporterOptions, MonitoringStackProps, MonitoringStack } from './monitoring/monitoring-stack';
export { GrafanaDashboardsProps, GrafanaDashboards } from './monitoring/dashboards';
export { FleetMonitoring, FleetMonitoringProps } from './monitoring/fleet-monitoring';
export { OperatorObjectNames } from './monitoring/operator-names';

// the operator
export {
  MajorVersionUpgradeMode, StorageResizeMode, OperatorPodManagementPolicy, NodeReadinessLabelMerge, OperatorExternalTrafficPolicy,
  LogicalBackupProvider, PvcRetention, PvcRetentionPolicy, PodEnvironmentConfigMap, PodEnvironmentSecret, InfrastructureRolesSecret,
  PodServiceAccountDefinition, PodServiceAccountRoleBinding, OperatorGeneralConfig, OperatorUsersConfig, OperatorMajorVersionUpgradeConfig,
  OperatorKubernetesConfig, OperatorPostgresPodResourcesConfig, OperatorTimeoutsConfig, OperatorLoadBalancerConfig, OperatorAwsOrGcpConfig,
  OperatorLogicalBackupConfig, OperatorDebugConfig, OperatorTeamsApiConfig, OperatorLoggingRestApiConfig, OperatorConnectionPoolerConfig,
  OperatorPatroniConfig, OperatorScalyrConfig, OperatorConfigurationProps,
} from './operator/configuration';
export { PostgresOperator, PostgresOperatorProps, OperatorInstallProps } from './operator/postgres-operator';
export { ExternalPostgresOperator, ExternalPostgresOperatorProps } from './operator/external-postgres-operator';
export { OperatorSettings, IPostgresOperator, IOperatorManaged } from './operator/settings';

// the change plan and GitOps
export { ChangeSeverity } from './plan/severity';
export { ClusterChange, ClusterPlan, Consequence } from './plan/types';
export { ChangePlan, PlanOptions } from './plan/plan';
export { ManifestSet, GitRevisionOptions } from './plan/manifest-set';
export { GitOps, GitOpsLayer, ArgoCdSyncWaveOptions, FluxHealthCheckExpression } from './gitops/gitops';
export { GitOpsLayout, GitOpsLayoutProps, GitOpsFolderOptions, GitOpsTool } from './gitops/layout';

// disaster recovery
export { RestoreDrill, RestoreDrillProps, UpgradeRehearsal, UpgradeRehearsalProps } from './dr/restore-drill';
export { DrillCheck } from './dr/drill-check';
export { DrillAdmissionPolicy, DrillAdmissionPolicyProps } from './dr/drill-admission-policy';
export {
  CrossClusterStandby, CrossClusterStandbyProps, CredentialsTransport, CredentialsTransportOptions, CredentialsDirection, SecretStoreKind,
} from './dr/cross-cluster-standby';
