// Graceful stop: the first SIGINT/SIGTERM aborts the shared signal (no new work, running ffmpeg
// killed, claims released, exit 0); a second one exits at once (claims then expire by lease).
export interface Shutdown {
  signal: AbortSignal;
  dispose: () => void;
}

// Installs the signal handlers; `say` tells the user what is happening.
export function installShutdown(
  say: (text: string) => void,
  exit: (code: number) => void = process.exit,
): Shutdown {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      say(`${name} again: exiting now; claims expire with the lease\n`);
      exit(130);
      return;
    }
    say(`${name}: stopping after releasing claims (send it again to exit at once)\n`);
    controller.abort(new Error(`stopped by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
