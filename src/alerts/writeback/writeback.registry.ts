import type { Logger } from 'pino';
import type { QuellConfig } from '../../config/config.js';
import { GraphSecurityWriter } from './graph-security-writer.js';
import type { VendorAlertWriter } from './vendor-writer.js';

/**
 * Which alerts are written back, and through which vendor writer: one writer per alert format
 * (the adapter that read them, so the API they came from). Write-back is opt-in: `ALERT_WRITEBACK`
 * names the formats; a pull source can register the writer for the alerts it fetches instead.
 */
export class WritebackRegistry {
  private readonly writers = new Map<string, VendorAlertWriter>();

  static fromConfig(config: QuellConfig, log: Logger): WritebackRegistry {
    const registry = new WritebackRegistry();
    for (const format of config.writeback.formats) {
      // Config validation has made sure the Graph app registration is there.
      if (format === 'msgraph') registry.register(format, new GraphSecurityWriter(config.entra!, log.child({ writer: 'msgraph' })));
    }
    return registry;
  }

  register(format: string, writer: VendorAlertWriter): void {
    this.writers.set(format, writer);
  }

  get(format: string): VendorAlertWriter | undefined {
    return this.writers.get(format);
  }

  formats(): string[] {
    return [...this.writers.keys()];
  }

  get enabled(): boolean {
    return this.writers.size > 0;
  }
}
