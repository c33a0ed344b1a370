import { describe, expect, it } from 'vitest';
import { phoneScriptTags, type PhoneAssets } from './phone-scripts';

const assets: PhoneAssets = {
	entry: '/_app/immutable/phone/main-abc.js',
	preload: ['/_app/immutable/phone/shared-def.js'],
	languages: { ar: ['/_app/immutable/phone/phone-ar1.js', '/_app/immutable/phone/registry-x.js'] }
};

describe("the phone page's script tags", () => {
	it('preload what the entry imports, then load the entry as a module from this origin', () => {
		expect(phoneScriptTags('en', assets)).toBe(
			'<link rel="modulepreload" href="/_app/immutable/phone/shared-def.js">' +
				'<script type="module" src="/_app/immutable/phone/main-abc.js"></script>'
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
		expect(phoneScriptTags('en', { entry: '/a"b&c.js', preload: [], languages: {} })).toBe(
			'<script type="module" src="/a&quot;b&amp;c.js"></script>'
		);
	});

	it('are nothing without the phone build (the dev server keeps SvelteKit for the phone)', () => {
		expect(phoneScriptTags('en', null)).toBe('');
		// In Vitest, as in dev, the build's module says there is none.
		expect(phoneScriptTags('en')).toBe('');
	});
});
