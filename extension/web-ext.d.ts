// web-ext ships no types; only the two commands the build and packaging use are declared.
declare module 'web-ext' {
  const webExt: {
    cmd: {
      lint(params: Record<string, unknown>, options?: { shouldExitProgram?: boolean }): Promise<unknown>;
      build(params: Record<string, unknown>, options?: { shouldExitProgram?: boolean }): Promise<{ extensionPath: string }>;
    };
  };
  export default webExt;
}
