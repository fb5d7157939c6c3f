// Pulumi's Node host calls an exported function and uses its result as the stack outputs;
// exporting a function (not running at import) lets the offline plan run it many times.
import { program } from "./program";

export = program;
