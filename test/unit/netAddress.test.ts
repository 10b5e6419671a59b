import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHost, isPublicAddress, parseIPv4, parseIPv6 } from '../../src/core/netAddress';

// Each spelling → 'public', 'internal' (an address that is not public, or a local name) or 'name' (to look up).
const TABLE: Array<[string, 'public' | 'internal' | 'name']> = [
  // IPv4, dotted
  ['127.0.0.1', 'internal'], ['127.255.255.254', 'internal'], ['10.1.2.3', 'internal'], ['172.16.0.1', 'internal'],
  ['172.31.255.255', 'internal'], ['172.32.0.1', 'public'], ['172.15.255.255', 'public'], ['192.168.1.1', 'internal'],
  ['169.254.169.254', 'internal'], ['169.254.0.1', 'internal'], ['100.64.0.1', 'internal'], ['100.127.255.255', 'internal'],
  ['100.128.0.1', 'public'], ['0.0.0.0', 'internal'], ['0.1.2.3', 'internal'], ['224.0.0.1', 'internal'],
  ['239.255.255.250', 'internal'], ['255.255.255.255', 'internal'], ['240.0.0.1', 'internal'], ['192.0.2.1', 'internal'],
  ['198.18.0.1', 'internal'], ['8.8.8.8', 'public'], ['1.1.1.1', 'public'], ['93.184.216.34', 'public'], ['11.0.0.1', 'public'],
  // IPv4, other spellings
  ['2130706433', 'internal'], ['0x7f000001', 'internal'], ['0x7f.1', 'internal'], ['0x7F.0.0.1', 'internal'],
  ['127.1', 'internal'], ['127.0.1', 'internal'], ['0177.0.0.1', 'internal'], ['017700000001', 'internal'],
  ['0', 'internal'], ['0x0', 'internal'], ['127.0.0.1.', 'internal'], ['3232235777', 'internal'], ['0xa9.0xfe.0xa9.0xfe', 'internal'],
  ['2852039166', 'internal'], ['134744072', 'public'], ['0x08080808', 'public'], ['8.0x80808', 'public'],
  // IPv6
  ['[::1]', 'internal'], ['::1', 'internal'], ['[::]', 'internal'], ['[0:0:0:0:0:0:0:1]', 'internal'],
  ['[fe80::1]', 'internal'], ['[fe80::1%25eth0]', 'internal'], ['[febf::1]', 'internal'], ['[fc00::1]', 'internal'], ['[fd12:3456::1]', 'internal'],
  ['[ff02::1]', 'internal'], ['[fec0::1]', 'internal'], ['[2001:db8::1]', 'internal'], ['[100::1]', 'internal'],
  ['[::ffff:127.0.0.1]', 'internal'], ['[::ffff:7f00:1]', 'internal'], ['[::ffff:169.254.169.254]', 'internal'],
  ['[::ffff:10.0.0.1]', 'internal'], ['[::127.0.0.1]', 'internal'], ['[64:ff9b::127.0.0.1]', 'internal'], ['[2002:7f00:1::]', 'internal'],
  ['[::ffff:8.8.8.8]', 'public'], ['[64:ff9b::8.8.8.8]', 'public'], ['[2606:4700:4700::1111]', 'public'], ['[2a00:1450:4001::200e]', 'public'],
  ['[2001:4860:4860::8888]', 'public'], ['[2001::1]', 'internal'], ['[3fff::1]', 'internal'],
  // Names
  ['localhost', 'internal'], ['LOCALHOST', 'internal'], ['localhost.', 'internal'], ['a.localhost', 'internal'], ['x.y.localhost', 'internal'],
  ['printer.local', 'internal'], ['db.internal', 'internal'], ['router.home.arpa', 'internal'], ['intranet', 'internal'],
  ['example.com', 'name'], ['EXAMPLE.com.', 'name'], ['localhost.example.com', 'name'], ['127.0.0.1.nip.io', 'name'],
];

test('spellings → public, internal or a name to look up', () => {
  for (const [host, want] of TABLE) {
    const c = classifyHost(host);
    const got = c.kind === 'ip' ? (c.public ? 'public' : 'internal') : c.kind === 'local-name' ? 'internal' : 'name';
    assert.equal(got, want, host);
  }
});

test('the URL parser and the classifier agree on odd spellings', () => {
  for (const [host, want] of TABLE) {
    let hostname: string;
    try {
      hostname = new URL(`http://${host}/`).hostname;
    } catch {
      continue; // the URL parser refuses it: it is never requested
    }
    const c = classifyHost(hostname);
    const got = c.kind === 'ip' ? (c.public ? 'public' : 'internal') : c.kind === 'local-name' ? 'internal' : 'name';
    assert.equal(got, want, `${host} → ${hostname}`);
  }
});

test('resolver answers: only public addresses pass; anything unreadable does not', () => {
  assert.equal(isPublicAddress('93.184.216.34'), true);
  assert.equal(isPublicAddress('2606:4700:4700::1111'), true);
  for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', 'fe80::1%lo0', '10.0.0.1', 'fd00::1', '', 'not-an-ip', 'example.com', '1.2.3.4.5']) {
    assert.equal(isPublicAddress(a), false, a);
  }
});

test('parsers: values and refusals', () => {
  assert.equal(parseIPv4('127.0.0.1'), 0x7f000001);
  assert.equal(parseIPv4('127.1'), 0x7f000001);
  assert.equal(parseIPv4('0x7f.1'), 0x7f000001);
  assert.equal(parseIPv4('0177.1'), 0x7f000001);
  assert.equal(parseIPv4('4294967295'), 0xffffffff);
  for (const bad of ['4294967296', '256.0.0.1', '1.2.3.4.5', '1..2', '', '08.1.1.1', '1.2.3.256', 'a.b.c.d', '1.2.65536']) assert.equal(parseIPv4(bad), undefined, bad);
  assert.deepEqual(parseIPv6('::1'), [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(parseIPv6('[::ffff:127.0.0.1]'), [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
  assert.deepEqual(parseIPv6('1:2:3:4:5:6:7:8'), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const bad of ['1:2:3:4:5:6:7', '1::2::3', ':::', '1:2:3:4:5:6:7:8:9', 'g::1', '::1.2.3', '12345::']) assert.equal(parseIPv6(bad), undefined, bad);
});
