import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { DownloadSlots } from '../../src/endpoint/downloads';
import { cleanFileName, sniff } from '../../src/endpoint/fileTypes';
import { checkDownload, loggableUrl, parseHostList } from '../../src/endpoint/hosts';
import { FailedAuthGate } from '../../src/endpoint/refusals';
import { manualSecretState } from '../../src/settings/validate';
import { checkSettingUpdate } from '../../src/settings/validate';

const JEEDOM = 'http://192.168.1.10';

describe('download hosts', () => {
  test('every spelling of a host that is not allowed is refused; Jeedom and listed hosts pass', () => {
    const allowed = parseHostList('cams.lan:8080, NAS.lan').hosts;
    for (const url of [
      'http://127.0.0.1/x',
      'http://2130706433/x',
      'http://0x7f.1/x',
      'http://127.1/x',
      'http://0177.0.0.1/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://[::1]/x',
      'http://localhost/x',
      'http://169.254.169.254/latest/meta-data',
      'http://cams.lan/x',
      'http://cams.lan:8081/x',
      'http://192.168.1.10:8080/x',
      'http://u:p@192.168.1.10/x',
      'ftp://192.168.1.10/x',
      'file:///etc/passwd',
      'not a url',
    ])
      assert.equal(checkDownload(url, JEEDOM, allowed).ok, false, url);
    for (const url of [
      'http://192.168.1.10/plugins/camera/x.jpg',
      'https://192.168.1.10/x',
      'http://3232235786/x',
      'http://cams.lan:8080/x',
      'http://nas.LAN/x',
    ])
      assert.equal(checkDownload(url, JEEDOM, allowed).ok, true, url);
  });

  test('property: a URL passes only when its normalised host is Jeedom’s or listed', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const host = new URL(url).host.toLowerCase();
        const result = checkDownload(url, JEEDOM, ['cams.lan:8080']);
        const expected = ['192.168.1.10', 'cams.lan:8080'].includes(host) && !new URL(url).username;
        assert.equal(result.ok, expected, url);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  test('entries that are not hosts are set aside; the log form of an address has no query', () => {
    assert.deepEqual(parseHostList('a.lan, http://b.lan/x, c.lan:99999, d.lan:81'), {
      hosts: ['a.lan', 'd.lan:81'],
      rejected: ['http://b.lan/x', 'c.lan:99999'],
    });
    assert.equal(loggableUrl('http://a.lan:81/cam.jpg?apikey=SECRET#x'), 'http://a.lan:81/cam.jpg?…');
  });
});

describe('file types', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  test('the bytes decide, not the name; markup and executables are refused', () => {
    assert.deepEqual(sniff(png), { mime: 'image/png', ext: 'png' });
    assert.equal(sniff(Buffer.from('%PDF-1.7\n'))?.ext, 'pdf');
    assert.equal(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.ext, 'jpg');
    assert.equal(sniff(Buffer.from('\u0000\u0000\u0000\u0018ftypisom'))?.ext, 'mp4');
    assert.equal(sniff(Buffer.from('ID3\u0003'))?.ext, 'mp3');
    assert.equal(sniff(Buffer.from('21.5 °C\n'))?.ext, 'txt');
    for (const bad of ['<html>', '  <svg onload=x>', '\uFEFF<?xml version="1.0"?><svg/>', 'MZ\u0090\u0000'])
      assert.equal(sniff(Buffer.from(bad)), undefined, bad);
    assert.equal(sniff(Buffer.from([0xc3, 0x28])), undefined, 'not UTF-8');
  });

  test('property: a stored name is a clean stem and the checked extension', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const clean = cleanFileName(name, { mime: 'image/png', ext: 'png' });
        assert.match(clean, /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}\.png$|^file\.png$/);
      }),
      { seed: 12, numRuns: 500 },
    );
    assert.equal(cleanFileName('../../évil.html', { mime: 'image/png', ext: 'png' }), 'evil.png');
  });
});

describe('refusals', () => {
  const logger = (lines: string[]) => ({ warn: (line: string) => lines.push(line) }) as unknown as ILogger;

  test('failed authentications: 401 up to the limit, then 429, one log line a minute', () => {
    const lines: string[] = [];
    const gate = new FailedAuthGate(3, 10_000);
    const answers = [0, 1, 2, 3, 4, 5].map((i) => gate.refuse(logger(lines), 1_000 + i));
    assert.deepEqual(answers, [401, 401, 401, 429, 429, 429]);
    assert.equal(lines.length, 1);
    assert.equal(gate.refuse(logger(lines), 12_000), 401, 'the window slides');
  });

  test('download slots: per room and in all, released once', () => {
    const slots = new DownloadSlots(1, 2);
    const a = slots.take('a');
    assert.ok(a);
    assert.equal(slots.take('a'), undefined);
    const b = slots.take('b');
    assert.ok(b);
    assert.equal(slots.take('c'), undefined, 'global limit');
    a();
    a();
    assert.ok(slots.take('c'));
    assert.equal(slots.take('d'), undefined, 'a double release frees one slot only');
  });
});

describe('webhook_secret', () => {
  const setting = (value: unknown) => ({ id: 'webhook_secret', value }) as ISetting;
  test('under 24 characters: the old value is kept, with a translated alert', () => {
    const refused = checkSettingUpdate(setting('x'.repeat(30)), setting('short'));
    assert.equal(refused?.value, 'x'.repeat(30));
    assert.equal(refused?.i18nAlert, 'setting_webhook_secret_too_short');
    const accepted = checkSettingUpdate(refused as ISetting, setting('y'.repeat(24)));
    assert.equal(accepted?.value, 'y'.repeat(24));
    assert.equal(accepted?.i18nAlert, undefined, 'the alert goes with an accepted value');
    assert.equal(
      checkSettingUpdate(refused as ISetting, setting(''))?.value,
      '',
      'empty: the generated secret',
    );
    const other = { id: 'jeedom_api_key', value: 'k2' } as ISetting;
    assert.equal(checkSettingUpdate(other, other), undefined, 'other settings: kept as given');
    assert.equal(manualSecretState('   '), 'none');
    assert.equal(manualSecretState(` ${'z'.repeat(23)} `), 'too_short');
  });
});
