// live/phones: what phones send (contributions, endorsements, answers), its screening and limits, addresses.
/**
 * Addresses phones can reach, for the join link and its QR code. On a server, the configured public origin
 * (ORIGIN). On a laptop in a hall with its own Wi-Fi and no internet, the laptop's IPv4 addresses on the local
 * network: never `localhost` or 127.x, which on a phone means the phone itself. The console lists them so the
 * facilitator can see which one is used and pick another when the laptop has several networks.
 */
import os from 'node:os';
import QRCode from 'qrcode';
import type { ReachableAddress } from '$lib/live/types';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

export interface AddressOptions {
	/** The origin of the request that asks (its protocol and port are used for LAN addresses). */
	requestOrigin: string;
	env?: NodeJS.ProcessEnv;
	/** Injected in tests. */
	interfaces?: Interfaces;
}

function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '::1';
}

/** A well-formed http(s) origin without path, or null. */
export function parseOrigin(value: string | undefined | null): string | null {
	if (!value) return null;
	try {
		const url = new URL(value.trim());
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
		return url.origin;
	} catch {
		return null;
	}
}

/**
 * The addresses phones may use, best first: the configured origin alone when there is one (an operator chose
 * it); otherwise each non-internal IPv4 address of this computer with the request's protocol and port; and,
 * when there is none of those, the request's own origin unless it is a loopback address.
 */
export function reachableAddresses(options: AddressOptions): ReachableAddress[] {
	const env = options.env ?? process.env;
	const configured = parseOrigin(env.ORIGIN);
	if (configured) return [{ origin: configured, kind: 'configured', label: 'ORIGIN' }];

	const request = new URL(options.requestOrigin);
	const port = request.port ? `:${request.port}` : '';
	const found: ReachableAddress[] = [];
	const interfaces = options.interfaces ?? os.networkInterfaces();
	for (const [name, entries] of Object.entries(interfaces)) {
		for (const entry of entries ?? []) {
			// Node 18.0–18.3 reported `family` as a number; later versions as 'IPv4'.
			const ipv4 = entry.family === 'IPv4' || (entry.family as unknown) === 4;
			if (!ipv4 || entry.internal || isLoopbackHost(entry.address)) continue;
			// Link-local addresses (no DHCP answer) are rarely what phones can reach; list them last.
			found.push({ origin: `${request.protocol}//${entry.address}${port}`, kind: 'lan', label: name });
		}
	}
	found.sort((a, b) => Number(a.origin.includes('//169.254.')) - Number(b.origin.includes('//169.254.')));
	if (found.length > 0) return found;
	if (!isLoopbackHost(request.hostname))
		return [{ origin: request.origin, kind: 'request', label: 'request' }];
	return [];
}

/**
 * The origin to put in the join link: the facilitator's stored choice while it is still reachable, else the
 * first reachable address, else the request's origin (a laptop with no network at all: better a link that works
 * on the laptop itself than none).
 */
export function chooseOrigin(stored: string | null, options: AddressOptions): string {
	const list = reachableAddresses(options);
	if (stored && list.some((a) => a.origin === stored)) return stored;
	return list[0]?.origin ?? new URL(options.requestOrigin).origin;
}

/** The phone page of a join code. */
export function phoneUrl(origin: string, code: string): string {
	return `${origin}/s/${encodeURIComponent(code)}`;
}

/** The QR code of `url` as an SVG document, made here: no external service sees the link. */
export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
