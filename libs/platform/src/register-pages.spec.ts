import type { Device, KeyArea } from '@ioc/contracts';
import { readRegisterPages, untilRegistryAnswers, type RegisterPageRequest } from './register-pages';

// A registry holding `areas` key areas and `devices` devices, answering pages as the real
// one does (after a cursor, sorted, at most `limit`). Only the fields paging reads are set.
function fakeRegistry(areas: number, devices: number) {
  const areaCodes = Array.from({ length: areas }, (_, i) => `A${String(i).padStart(3, '0')}`);
  const deviceIds = Array.from({ length: devices }, (_, i) => `D${String(i).padStart(4, '0')}`);
  const asked: string[] = [];
  const request: RegisterPageRequest = async (operation, body) => {
    const { limit = 500 } = body;
    if (operation === 'register.areas') {
      const after = 'afterCode' in body ? (body.afterCode ?? '') : '';
      asked.push(`areas after '${after}'`);
      return { items: areaCodes.filter((c) => c > after).slice(0, limit).map((code) => ({ code }) as KeyArea) } as never;
    }
    const after = 'afterId' in body ? (body.afterId ?? '') : '';
    asked.push(`devices after '${after}'`);
    return { items: deviceIds.filter((id) => id > after).slice(0, limit).map((id) => ({ id }) as Device) } as never;
  };
  return { request, asked };
}

describe('reading the register in pages', () => {
  it('hands every key area, then every device, to the sink page by page', async () => {
    const registry = fakeRegistry(45, 1001);
    const areaPages: string[][] = [];
    const devicePages: number[] = [];
    await readRegisterPages(registry.request, {
      areas: (page) => void areaPages.push(page.map((a) => a.code)),
      devices: async (page) => void devicePages.push(page.length),
    });
    expect(areaPages.map((p) => p.length)).toEqual([20, 20, 5]);
    expect(areaPages.flat()).toHaveLength(45);
    expect(devicePages).toEqual([500, 500, 1]);
    expect(registry.asked).toEqual([
      "areas after ''",
      "areas after 'A019'",
      "areas after 'A039'",
      "areas after 'A044'",
      "devices after ''",
      "devices after 'D0499'",
      "devices after 'D0999'",
      "devices after 'D1000'",
    ]);
  });

  it('asks once per kind and hands nothing on when the register is empty', async () => {
    const registry = fakeRegistry(0, 0);
    const sink = { areas: jest.fn(), devices: jest.fn() };
    await readRegisterPages(registry.request, sink);
    expect(registry.asked).toEqual(["areas after ''", "devices after ''"]);
    expect(sink.areas).not.toHaveBeenCalled();
    expect(sink.devices).not.toHaveBeenCalled();
  });

  it('fails with the request when the registry does not answer', async () => {
    const request: RegisterPageRequest = async () => {
      throw new Error('TIMEOUT');
    };
    await expect(readRegisterPages(request, { areas: jest.fn(), devices: jest.fn() })).rejects.toThrow('TIMEOUT');
  });
});

describe('waiting for the registry', () => {
  it('retries until the register loads, warning once per failed attempt', async () => {
    const logger = { event: jest.fn() };
    let calls = 0;
    await untilRegistryAnswers(async () => {
      calls += 1;
      if (calls < 2) throw new Error('no responders');
    }, logger);
    expect(calls).toBe(2);
    expect(logger.event).toHaveBeenCalledTimes(1);
    expect(logger.event).toHaveBeenCalledWith('warn', 'cannot read the register from the registry yet; retrying', { attempt: 1, error: 'no responders' });
  });
});
