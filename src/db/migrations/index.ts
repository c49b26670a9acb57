import { ApiKeys1764100000000 } from './1764100000000-ApiKeys.js';
import { AlertsAndIncidents1764200000000 } from './1764200000000-AlertsAndIncidents.js';
import { IncidentQueue1764300000000 } from './1764300000000-IncidentQueue.js';
import { Lab1764400000000 } from './1764400000000-Lab.js';
import { Investigations1764500000000 } from './1764500000000-Investigations.js';
import { LabFileBlocks1764650000000 } from './1764650000000-LabFileBlocks.js';
import { ConnectorLedger1764700000000 } from './1764700000000-ConnectorLedger.js';
import { Webhooks1764600000000 } from './1764600000000-Webhooks.js';
import { IncidentChanges1764800000000 } from './1764800000000-IncidentChanges.js';
import { IncidentQueueFilters1764900000000 } from './1764900000000-IncidentQueueFilters.js';
import { AlertUpdates1765000000000 } from './1765000000000-AlertUpdates.js';
import { Sources1765100000000 } from './1765100000000-Sources.js';
import { EntityAliases1766000000000 } from './1766000000000-EntityAliases.js';
import { CorrelationSettings1766100000000 } from './1766100000000-CorrelationSettings.js';
import { AuditLog1767000000000 } from './1767000000000-AuditLog.js';
import { TimeBoxedActions1767100000000 } from './1767100000000-TimeBoxedActions.js';
import { VendorGrouping1768100000000 } from './1768100000000-VendorGrouping.js';
import { PullSources1768150000000 } from './1768150000000-PullSources.js';
import { IncidentKeysRecent1768200000000 } from './1768200000000-IncidentKeysRecent.js';
import { People1768300000000 } from './1768300000000-People.js';
import { RoleAssignments1768400000000 } from './1768400000000-RoleAssignments.js';
import { ActionImpacts1768700000000 } from './1768700000000-ActionImpacts.js';
import { PlaybookVersions1768800000000 } from './1768800000000-PlaybookVersions.js';
import { AuditStream1768900000000 } from './1768900000000-AuditStream.js';
import { AlertDispatchQueue1769000000000 } from './1769000000000-AlertDispatchQueue.js';
import { AlertTraceparent1769100000000 } from './1769100000000-AlertTraceparent.js';
import { ChatMessages1769200000000 } from './1769200000000-ChatMessages.js';
import { PersonDeactivation1769400000000 } from './1769400000000-PersonDeactivation.js';
import { AutomationShadow1769500000000 } from './1769500000000-AutomationShadow.js';
import { PersonReactivation1769600000000 } from './1769600000000-PersonReactivation.js';

/** Every migration in order; never edit one that has landed, add a new one. */
export const migrations = [
  ApiKeys1764100000000,
  AlertsAndIncidents1764200000000,
  IncidentQueue1764300000000,
  Lab1764400000000,
  Investigations1764500000000,
  Webhooks1764600000000,
  LabFileBlocks1764650000000,
  ConnectorLedger1764700000000,
  IncidentChanges1764800000000,
  IncidentQueueFilters1764900000000,
  AlertUpdates1765000000000,
  Sources1765100000000,
  EntityAliases1766000000000,
  CorrelationSettings1766100000000,
  AuditLog1767000000000,
  TimeBoxedActions1767100000000,
  VendorGrouping1768100000000,
  PullSources1768150000000,
  IncidentKeysRecent1768200000000,
  People1768300000000,
  RoleAssignments1768400000000,
  ActionImpacts1768700000000,
  PlaybookVersions1768800000000,
  AuditStream1768900000000,
  AlertDispatchQueue1769000000000,
  AlertTraceparent1769100000000,
  ChatMessages1769200000000,
  PersonDeactivation1769400000000,
  AutomationShadow1769500000000,
  PersonReactivation1769600000000,
];
