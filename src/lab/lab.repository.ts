import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedLab } from './lab-seed.js';
import type { LabBlock, LabDevice, LabEffect, LabFile, LabMailbox, LabMessage, LabPersistence, LabSignin, LabUser } from './lab.dto.js';

export interface LabListFilters {
  limit: number;
  mailbox?: string;
  sender?: string;
  upn?: string;
  actionId?: string;
}

/** Read-only views of the lab estate, so people can see what actions did. */
@Injectable()
export class LabRepository {
  constructor(private readonly db: DataSource) {}

  /** Seeds (or resets) the demo organisation; counts of what was written, by kind. */
  seed(): Promise<Record<string, number>> {
    return seedLab(this.db);
  }

  devices(f: LabListFilters): Promise<LabDevice[]> {
    return this.db.query(
      `SELECT device_id AS "deviceId", hostname, os, device_group AS "deviceGroup", risk, isolated, app_restricted AS "appRestricted",
              logged_on_users AS "loggedOnUsers", ips, last_seen_at AS "lastSeenAt", av_scans AS "avScans",
              packages_collected AS "packagesCollected"
       FROM lab_devices ORDER BY hostname LIMIT $1`,
      [f.limit],
    );
  }

  users(f: LabListFilters): Promise<LabUser[]> {
    return this.db.query(
      `SELECT upn, display_name AS "displayName", aad_object_id AS "aadObjectId", sid, enabled, is_admin AS "isAdmin", groups, risk,
              compromised, password_reset_at AS "passwordResetAt", sessions_revoked_at AS "sessionsRevokedAt"
       FROM lab_users ORDER BY upn LIMIT $1`,
      [f.limit],
    );
  }

  mailboxes(f: LabListFilters): Promise<LabMailbox[]> {
    return this.db.query(
      `SELECT address, user_upn AS "userUpn", external_forwarding AS "externalForwarding", inbox_rules AS "inboxRules"
       FROM lab_mailboxes ORDER BY address LIMIT $1`,
      [f.limit],
    );
  }

  messages(f: LabListFilters): Promise<LabMessage[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (f.mailbox) where.push(`mailbox = $${params.push(f.mailbox.toLowerCase())}`);
    if (f.sender) where.push(`sender = $${params.push(f.sender.toLowerCase())}`);
    return this.db.query(
      `SELECT network_message_id AS "networkMessageId", internet_message_id AS "internetMessageId", mailbox, sender, subject, urls,
              attachment_sha256 AS "attachmentSha256", received_at AS "receivedAt", deleted
       FROM lab_messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY received_at DESC, network_message_id LIMIT $${params.push(f.limit)}`,
      params,
    );
  }

  files(f: LabListFilters): Promise<LabFile[]> {
    return this.db.query(
      `SELECT f.device_id AS "deviceId", d.hostname, f.sha256, f.path, f.name, f.quarantined
       FROM lab_files f LEFT JOIN lab_devices d USING (device_id) ORDER BY d.hostname, f.path LIMIT $1`,
      [f.limit],
    );
  }

  persistence(f: LabListFilters): Promise<LabPersistence[]> {
    return this.db.query(
      `SELECT p.device_id AS "deviceId", d.hostname, p.kind, p.location, p.removed
       FROM lab_persistence p LEFT JOIN lab_devices d USING (device_id) ORDER BY d.hostname, p.kind, p.location LIMIT $1`,
      [f.limit],
    );
  }

  blocks(f: LabListFilters): Promise<LabBlock[]> {
    return this.db.query(`SELECT kind, value, created_at AS "createdAt" FROM lab_blocks ORDER BY created_at DESC, kind, value LIMIT $1`, [
      f.limit,
    ]);
  }

  signins(f: LabListFilters): Promise<LabSignin[]> {
    const params: unknown[] = [];
    const where = f.upn ? `WHERE upn = $${params.push(f.upn.toLowerCase())}` : '';
    return this.db.query(
      `SELECT id::text, upn, at, ip, country, result FROM lab_signins ${where} ORDER BY at DESC, id DESC LIMIT $${params.push(f.limit)}`,
      params,
    );
  }

  effects(f: LabListFilters): Promise<LabEffect[]> {
    const params: unknown[] = [];
    const where = f.actionId ? `WHERE action_id = $${params.push(f.actionId)}` : '';
    return this.db.query(
      `SELECT action_id AS "actionId", operation, type, target, details, at FROM lab_effects ${where}
       ORDER BY at DESC, action_id, operation LIMIT $${params.push(f.limit)}`,
      params,
    );
  }
}
