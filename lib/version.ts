/** echolab's version, printed by `echolab --version`. */
export const VERSION = "0.1.0";
