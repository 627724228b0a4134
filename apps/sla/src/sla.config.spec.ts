import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_REPORT_DOCUMENT } from '@ioc/reports';
import { composeEnvironment, describeAppConfig, REPO_ROOT } from '@ioc/testing';
import { slaConfigSchema } from './sla.config';

describeAppConfig('sla', slaConfigSchema, 3006);

describe('sla report settings', () => {
  const REPORT_KEYS = ['SLA_REPORT_PARENT_BODY', 'SLA_REPORT_ISSUER', 'SLA_REPORT_SYMBOL', 'SLA_REPORT_PLACE', 'SLA_REPORT_RECIPIENTS', 'SLA_REPORT_SIGNER_TITLE', 'SLA_REPORT_SIGNER_NAME'];

  it('defaults to the provincial IOC issuing BC-IOC reports from Quảng Bình, as docker-compose.yml spells out', () => {
    const env = composeEnvironment('sla');
    for (const key of REPORT_KEYS) expect(env).toHaveProperty(key);
    const fromCompose = slaConfigSchema.parse(env);
    const defaults = slaConfigSchema.parse({});
    for (const key of REPORT_KEYS) expect(fromCompose[key as keyof typeof fromCompose]).toEqual(defaults[key as keyof typeof defaults]);
    expect(defaults.SLA_REPORT_ISSUER).toBe('Trung tâm Giám sát, điều hành đô thị thông minh');
    expect(defaults.SLA_REPORT_SYMBOL).toBe('BC-IOC');
    expect(defaults.SLA_REPORT_PLACE).toBe('Quảng Bình');
    expect(defaults.SLA_REPORT_RECIPIENTS).toEqual(DEFAULT_REPORT_DOCUMENT.recipients);
    expect(defaults.SLA_REPORT_SIGNER_TITLE).toEqual(['Giám đốc']);
  });

  it('splits recipients and the signer’s title lines at ";"', () => {
    const config = slaConfigSchema.parse({ SLA_REPORT_RECIPIENTS: ' Bộ Thông tin và Truyền thông ; ;Lưu: VT, CĐS', SLA_REPORT_SIGNER_TITLE: 'KT. Giám đốc;Phó Giám đốc' });
    expect(config.SLA_REPORT_RECIPIENTS).toEqual(['Bộ Thông tin và Truyền thông', 'Lưu: VT, CĐS']);
    expect(config.SLA_REPORT_SIGNER_TITLE).toEqual(['KT. Giám đốc', 'Phó Giám đốc']);
  });

  it('refuses a symbol with a slash or an empty issuer, naming the variable', () => {
    const result = slaConfigSchema.safeParse({ SLA_REPORT_SYMBOL: 'BC/IOC', SLA_REPORT_ISSUER: ' ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(['SLA_REPORT_ISSUER', 'SLA_REPORT_SYMBOL']);
  });

  it('is documented in docs/architecture.md', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/architecture.md'), 'utf8');
    for (const key of REPORT_KEYS) expect(doc).toContain(`\`${key}\``);
  });
});
