import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { chooseOrigin, phoneUrl, qrSvg, reachableAddresses } from './addresses';

const interfaces = {
	lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
	eth0: [
		{ address: '192.168.1.20', family: 'IPv4', internal: false },
		{ address: 'fe80::1', family: 'IPv6', internal: false }
	],
	wlan0: [{ address: '10.42.0.1', family: 'IPv4', internal: false }],
	docker0: [{ address: '169.254.3.4', family: 'IPv4', internal: false }]
} as unknown as ReturnType<typeof os.networkInterfaces>;

describe('addresses phones can reach', () => {
	it('uses the configured origin alone when there is one', () => {
		const list = reachableAddresses({
			requestOrigin: 'http://localhost:3000',
			env: { ORIGIN: 'https://hearth.example.org/' },
			interfaces
		});
		expect(list).toEqual([{ origin: 'https://hearth.example.org', kind: 'configured', label: 'ORIGIN' }]);
	});

	it('lists LAN IPv4 addresses with the request port, never loopback, link-local last', () => {
		const list = reachableAddresses({ requestOrigin: 'http://localhost:3000', env: {}, interfaces });
		expect(list.map((a) => a.origin)).toEqual([
			'http://192.168.1.20:3000',
			'http://10.42.0.1:3000',
			'http://169.254.3.4:3000'
		]);
		expect(JSON.stringify(list)).not.toMatch(/127\.0\.0\.1|localhost/);
	});

	it('keeps the facilitator choice while it is reachable, otherwise takes the first', () => {
		const options = { requestOrigin: 'http://localhost:3000', env: {}, interfaces };
		expect(chooseOrigin('http://10.42.0.1:3000', options)).toBe('http://10.42.0.1:3000');
		expect(chooseOrigin('http://10.9.9.9:3000', options)).toBe('http://192.168.1.20:3000');
	});

	it('has nothing to offer on a laptop without a network, so the request origin is the fallback', () => {
		const options = { requestOrigin: 'http://localhost:3000', env: {}, interfaces: { lo: interfaces.lo } };
		expect(reachableAddresses(options)).toEqual([]);
		expect(chooseOrigin(null, options)).toBe('http://localhost:3000');
	});

	it('draws the join link as an SVG QR code here, without any external service', async () => {
		const svg = await qrSvg(phoneUrl('http://192.168.1.20:3000', 'ACDEFG'));
		expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
		expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
	});
});
