/** Command-line analysis for `process.details`: pure, so it is unit-tested without a database. */
export interface ProcessAnalysis {
  encoded: boolean;
  decoded: string | null;
  indicators: string[];
  suspicious: boolean;
}

/** Decoded scripts are shown to analysts and kept in workflow history: bounded. */
const MAX_DECODED = 4096;

/** What attackers run, by what gives it away. Matched against the command line and the decoded script. */
const RULES: [label: string, pattern: RegExp][] = [
  ['download cradle: Invoke-Expression (IEX)', /\b(iex|invoke-expression)\b/i],
  ['download cradle: DownloadString', /\bdownload(string|file|data)\b/i],
  ['download cradle: Invoke-WebRequest', /\b(invoke-webrequest|iwr|invoke-restmethod|irm)\b/i],
  ['download cradle: certutil -urlcache', /\bcertutil(\.exe)?\b.*[-/]urlcache\b/i],
  ['download cradle: bitsadmin', /\bbitsadmin(\.exe)?\b/i],
  ['credential theft: mimikatz', /\bmimikatz\b/i],
  ['credential theft: sekurlsa', /\bsekurlsa::/i],
  ['credential theft: procdump of lsass', /\bprocdump(64)?(\.exe)?\b.*\blsass\b/i],
  ['credential theft: comsvcs.dll MiniDump of lsass', /\bcomsvcs(\.dll)?\b.*\bminidump\b/i],
  ['LOLBin: rundll32', /\brundll32(\.exe)?\b/i],
  ['LOLBin: regsvr32', /\bregsvr32(\.exe)?\b/i],
  ['LOLBin: mshta', /\bmshta(\.exe)?\b/i],
  ['LOLBin: wmic process call create', /\bwmic(\.exe)?\b.*\bprocess\s+call\s+create\b/i],
  ['LOLBin: psexec', /\bpsexec(64)?(\.exe)?\b/i],
];

const POWERSHELL = /\b(powershell|pwsh)(\.exe)?\b/i;
/** PowerShell takes any unambiguous prefix of -EncodedCommand (-e, -enc, -encodedc…) and -ec, with - or /. */
const ENCODED_ARG =
  /(?:^|\s)[-/\u2013\u2014](e(?:n(?:c(?:o(?:d(?:e(?:d(?:c(?:o(?:m(?:m(?:a(?:n(?:d)?)?)?)?)?)?)?)?)?)?)?)?)?|ec)\s+["']?([A-Za-z0-9+/]{4,}={0,2})/i;

/** UTF-16LE base64 (what -EncodedCommand takes) → text, or undefined when it does not decode to text. */
export function decodePowerShell(base64: string): string | undefined {
  const text = Buffer.from(base64, 'base64')
    .toString('utf16le')
    .replace(/\u0000/g, '');
  if (!text) return undefined;
  // Scripts are nearly all printable ASCII; bytes that merely happen to be base64 decode to a jumble of code points.
  const printable = text.match(/[\x20-\x7e\t\r\n]/g)?.length ?? 0;
  return printable / text.length >= 0.9 ? text : undefined;
}

function encodedScript(commandLine: string, imageFile: string | undefined): { encoded: boolean; decoded?: string } {
  if (!POWERSHELL.test(commandLine) && !POWERSHELL.test(imageFile ?? '')) return { encoded: false };
  const match = ENCODED_ARG.exec(commandLine);
  return match ? { encoded: true, decoded: decodePowerShell(match[2]) } : { encoded: false };
}

export function analyseCommandLine(commandLine: string, imageFile?: string): ProcessAnalysis {
  const { encoded, decoded } = encodedScript(commandLine, imageFile);
  const haystacks = [commandLine, imageFile ?? '', decoded ?? ''];
  const indicators = RULES.filter(([, pattern]) => haystacks.some((h) => pattern.test(h))).map(([label]) => label);
  return { encoded, decoded: decoded?.slice(0, MAX_DECODED) ?? null, indicators, suspicious: indicators.length > 0 };
}
