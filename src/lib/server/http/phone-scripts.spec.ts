import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { allowEarlyJoin, earlyJoinTag, phoneScriptTags, type PhoneAssets } from './phone-scripts';

const script = '(()=>{window.hearthJoin=false})()';
const hash = `sha256-${createHash('sha256').update(script).digest('base64')}`;
const assets: PhoneAssets = {
	join: { script, hash },
	entry: '/_app/immutable/phone/main-abc.js',
	preload: ['/_app/immutable/phone/shared-def.js'],
	screens: ['/_app/immutable/phone/start-ghi.js'],
	languages: { ar: ['/_app/immutable/phone/phone-ar1.js', '/_app/immutable/phone/registry-x.js'] }
};

describe("the phone page's script tags", () => {
	it('preload what the entry imports, load the entry as a module from this origin, then preload the first screens', () => {
		expect(phoneScriptTags('en', assets)).toBe(
			'<link rel="modulepreload" href="/_app/immutable/phone/shared-def.js">' +
				'<script type="module" src="/_app/immutable/phone/main-abc.js"></script>' +
				'<link rel="modulepreload" href="/_app/immutable/phone/start-ghi.js">'
		);
	});

	it("preload the phone texts of the page's language too", () => {
		const tags = phoneScriptTags('ar', assets);
		expect(tags).toContain('<link rel="modulepreload" href="/_app/immutable/phone/phone-ar1.js">');
		expect(tags).toContain('<link rel="modulepreload" href="/_app/immutable/phone/registry-x.js">');
		expect(tags.indexOf('phone-ar1')).toBeLessThan(tags.indexOf('<script'));
		expect(phoneScriptTags('nl', assets)).not.toContain('phone-ar1');
	});

	it('escape what they put in an attribute', () => {
		expect(
			phoneScriptTags('en', {
				join: { script, hash },
				entry: '/a"b&c.js',
				preload: [],
				screens: [],
				languages: {}
			})
		).toBe('<script type="module" src="/a&quot;b&amp;c.js"></script>');
	});

	it('are nothing without the phone build (the dev server keeps SvelteKit for the phone)', () => {
		expect(phoneScriptTags('en', null)).toBe('');
		expect(earlyJoinTag(null)).toBe('');
		expect(allowEarlyJoin("script-src 'self'", null)).toBe("script-src 'self'");
		// In Vitest, as in dev, the build's module says there is none.
		expect(phoneScriptTags('en')).toBe('');
		expect(earlyJoinTag()).toBe('');
	});
});

describe("the phone page's early join", () => {
	it('goes into the head as an inline script', () => {
		expect(earlyJoinTag(assets)).toBe(`<script>${script}</script>`);
	});

	it("is allowed by its hash in the policy's script-src, and nothing else changes", () => {
		const policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";
		expect(allowEarlyJoin(policy, assets)).toBe(
			`default-src 'self'; script-src 'self' '${hash}'; style-src 'self' 'unsafe-inline'`
		);
		expect(allowEarlyJoin("script-src 'self'", assets)).toBe(`script-src 'self' '${hash}'`);
		// `script-src-elem` rules `<script>` elements where a policy has it: it gets the hash too; `script-src-attr`
		// (event handler attributes) does not, and a policy without either stays as strict as it was.
		expect(allowEarlyJoin("default-src 'self'; script-src-elem 'self'; script-src-attr 'none'", assets)).toBe(
			`default-src 'self'; script-src-elem 'self' '${hash}'; script-src-attr 'none'`
		);
		expect(allowEarlyJoin("script-src 'self'; script-src-elem 'self'", assets)).toBe(
			`script-src 'self' '${hash}'; script-src-elem 'self' '${hash}'`
		);
		expect(allowEarlyJoin("default-src 'self'", assets)).toBe("default-src 'self'");
	});
});
