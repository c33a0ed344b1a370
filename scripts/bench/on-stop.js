/**
 * For the bench's diagnostic imports (alloc-profile.js, cpu-profile.js, query-plans.js): runs `write` once when the
 * server is stopped. The bench stops it with SIGTERM, and the server's own handler ends the process soon after, so
 * the report is written first and the process then ends at once (only under the bench: these files are never
 * loaded by `npm start`).
 */
export function onServerStop(write) {
	let written = false;
	const once = () => {
		if (written) return;
		written = true;
		write();
	};
	for (const signal of ['SIGTERM', 'SIGINT']) {
		process.prependListener(signal, () => {
			once();
			process.exit(0);
		});
	}
	process.on('exit', once);
}
