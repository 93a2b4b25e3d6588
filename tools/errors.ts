// Every error a kit command reports to a person is made here, so each one
// names the problem and what to do, and the CLIs can tell them apart from our
// own bugs (which keep their stack traces).

export class KitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KitError';
  }
}

export const errors = {
  manifestInvalid: (file: string, problem: string) => new KitError(`${file}: ${problem}`),
  targetMissing: (value: string, resolved: string) =>
    new KitError(
      `KIT_TARGET "${value}" is not a folder (looked at ${resolved}). ` +
        "Use 'starters', 'solutions', or a path (absolute, or relative to the kit) to a folder holding NN-slug/ exercise folders.",
    ),
  targetEmpty: (resolved: string, example: string) =>
    new KitError(`${resolved} holds none of the exercise folders (expected folders such as ${example}/).`),
  unknownExercise: (wanted: string, known: string[]) =>
    new KitError(`No exercise "${wanted}". Name one by id or slug: ${known.join(', ')}.`),
  badOption: (option: string, problem: string) => new KitError(`${option}: ${problem}.`),
};

/** Run a CLI's main: a KitError prints its message and exits 2; anything else is our bug and keeps its stack. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof KitError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`internal error (please report it): ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(3);
    },
  );
}
