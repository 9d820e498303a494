// Jest transform for ESM-only dependencies (jose, openid-client, oauth4webapi): compiles them to CommonJS with standard class
// fields. ts-jest with the project's tsconfig (useDefineForClassFields off, needed by TypeORM)
// moves jose's field initialisers before `super(…)` and its error classes throw.
const ts = require("typescript");

module.exports = {
  process(source, fileName) {
    const { outputText } = ts.transpileModule(source, {
      fileName,
      compilerOptions: { allowJs: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, useDefineForClassFields: true },
    });
    return { code: outputText };
  },
};
