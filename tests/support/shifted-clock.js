/**
 * Test only, loaded with `node --import` into a server process: lets a test move that process's wall clock
 * (`Date`) as an NTP correction or a dead CMOS battery would, without touching the machine's clock. The offset
 * in milliseconds is read from the file named by HEARTH_TEST_CLOCK_FILE at start and on every SIGUSR2. The
 * monotonic clock (`performance.now`) is left alone, as the operating system leaves it.
 */
import fs from 'node:fs';

const file = process.env.HEARTH_TEST_CLOCK_FILE;
let offset = 0;

function readOffset() {
	try {
		offset = Number(fs.readFileSync(file ?? '', 'utf8')) || 0;
	} catch {
		offset = 0;
	}
}

readOffset();
process.on('SIGUSR2', readOffset);

const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);

RealDate.now = () => realNow() + offset;
// `new Date()` reads the shifted clock too; `new Date(value)` and `Date.parse` are left as they are.
globalThis.Date = new Proxy(RealDate, {
	construct(target, args, newTarget) {
		return Reflect.construct(target, args.length === 0 ? [realNow() + offset] : args, newTarget);
	},
	apply() {
		return new RealDate(realNow() + offset).toString();
	}
});
