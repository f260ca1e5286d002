import assert from 'node:assert/strict';
import { test } from 'node:test';

import { normaliseJeedomUrl } from '../../src/jeedom/url';

function accepts(raw: string, baseUrl: string): void {
  assert.deepEqual(normaliseJeedomUrl(raw), { ok: true, baseUrl, apiUrl: `${baseUrl}/core/api/jeeApi.php` });
}

function refuses(raw: string, reason: 'empty' | 'invalid' | 'scheme'): void {
  assert.deepEqual(normaliseJeedomUrl(raw), { ok: false, reason });
}

test('a base URL is kept and the API path appended', () => {
  accepts('http://192.168.1.10', 'http://192.168.1.10');
  accepts('https://jeedom.example.org/', 'https://jeedom.example.org');
});

test('a sub-path install keeps its path, without trailing slashes', () => {
  accepts('http://nas/jeedom', 'http://nas/jeedom');
  accepts('http://nas/jeedom///', 'http://nas/jeedom');
});

test('a bare host or host:port gets http://', () => {
  accepts('192.168.1.10', 'http://192.168.1.10');
  accepts('jeedom.local:8080/jeedom', 'http://jeedom.local:8080/jeedom');
  accepts('localhost:8080', 'http://localhost:8080');
});

test('surrounding whitespace is trimmed, scheme and host are lower-cased, default ports dropped', () => {
  accepts('  HTTPS://Jeedom.LAN:443/  ', 'https://jeedom.lan');
  accepts('http://jeedom.lan:8443', 'http://jeedom.lan:8443');
});

test('IPv6 hosts are accepted', () => {
  accepts('http://[fe80::1]:8080/j/', 'http://[fe80::1]:8080/j');
});

test('a pasted jeeApi.php URL gives its base, and its query (which may hold the apikey) is dropped', () => {
  accepts('http://192.168.1.10/core/api/jeeApi.php', 'http://192.168.1.10');
  accepts('https://nas/jeedom/core/api/jeeApi.php?apikey=SECRETKEY&type=cmd#x', 'https://nas/jeedom');
  const result = normaliseJeedomUrl('http://h/core/api/jeeApi.php?apikey=SECRETKEY');
  assert.ok(!JSON.stringify(result).includes('SECRETKEY'));
});

test('a URL pasted from the browser (index.php with a query) gives its base', () => {
  accepts('http://192.168.1.10/index.php?v=d&p=dashboard', 'http://192.168.1.10');
});

test('an empty or blank value is "empty"', () => {
  refuses('', 'empty');
  refuses('   \t ', 'empty');
});

test('other schemes are refused with "scheme"', () => {
  refuses('ftp://192.168.1.10', 'scheme');
  refuses('javascript:alert(1)', 'scheme');
  refuses('mailto:admin@example.org', 'scheme');
  refuses('file:///etc/passwd', 'scheme');
});

test('garbage is refused with "invalid"', () => {
  for (const raw of ['http://', 'not a url', 'http://exa mple.org', '://foo', '...', 'http://-/', 'a:1b']) {
    refuses(raw, 'invalid');
  }
});

test('credentials in the URL are refused rather than kept in a URL', () => {
  refuses('http://admin:secret@192.168.1.10', 'invalid');
});

test('a refusal never echoes the input', () => {
  const result = normaliseJeedomUrl('ftp://host/?apikey=SECRETKEY');
  assert.deepEqual(result, { ok: false, reason: 'scheme' });
});
