# The Windows release, on Windows 10/11 x64 with Python 3.11 and Inno Setup 6.3+ installed. From the repo root:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Writes dist\LightTrack.exe (one file: the tray app from the Start menu, the CLI in a terminal) and
# dist\LightTrack-VERSION-windows-x64-setup.exe. Set LIGHTTRACK_SIGN_CERT (a .pfx path) and
# LIGHTTRACK_SIGN_PASSWORD to sign both with signtool (Windows SDK); unsigned builds trigger SmartScreen warnings.
$ErrorActionPreference = "Stop"
$root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $root

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$python = "$root\.venv\Scripts\python.exe"
& $python -m pip install --quiet -e . "pyinstaller==6.22.3"
if ($LASTEXITCODE) { throw "pip install failed" }

$env:PYSTRAY_BACKEND = "dummy"  # pystray picks a backend on import; PyInstaller imports it while analysing
& $python -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller pyinstaller.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
Remove-Item Env:PYSTRAY_BACKEND

$version = ((& dist\LightTrack.exe --version) -split " ")[1]
if (-not $version) { throw "dist\LightTrack.exe --version printed nothing" }

function Sign-File($path) {
    if (-not $env:LIGHTTRACK_SIGN_CERT) { return }
    & signtool sign /f $env:LIGHTTRACK_SIGN_CERT /p $env:LIGHTTRACK_SIGN_PASSWORD /fd SHA256 `
        /tr http://timestamp.digicert.com /td SHA256 $path
    if ($LASTEXITCODE) { throw "signtool failed on $path" }
}

Sign-File dist\LightTrack.exe
$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 is not installed ($iscc)" }
& $iscc "/DAppVersion=$version" packaging\windows\lighttrack.iss
if ($LASTEXITCODE) { throw "ISCC failed" }
$setup = "dist\LightTrack-$version-windows-x64-setup.exe"
Sign-File $setup

Get-FileHash dist\LightTrack.exe, $setup -Algorithm SHA256 |
    ForEach-Object { "{0}  {1}" -f $_.Hash.ToLower(), (Split-Path $_.Path -Leaf) } |
    Set-Content dist\SHA256SUMS
Write-Host "Built LightTrack $version`: dist\LightTrack.exe, $setup"
