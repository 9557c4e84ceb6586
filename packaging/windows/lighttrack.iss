; Inno Setup 6.3+ script of LightTrack's Windows installer. build.ps1 runs it as
;   ISCC.exe /DAppVersion=X.Y.Z packaging\windows\lighttrack.iss
; after PyInstaller wrote dist\LightTrack.exe. Per-user install by default (no administrator rights),
; Start-menu entry, optional desktop icon and optional start at sign-in (the same HKCU Run value the app's
; own "Start at login" setting writes, so the two agree).

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z lighttrack.iss
#endif
#define AppName "LightTrack"
#define AppExe "LightTrack.exe"
#define RunKey "Software\Microsoft\Windows\CurrentVersion\Run"

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{6E0B1D7A-4C53-4B8E-9A61-2F3C7D5E8B41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The {#AppName} authors
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\..
OutputDir=dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile=assets\lighttrack.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Tasks]
Name: "autostart"; Description: "Start {#AppName} when I sign in"; GroupDescription: "Startup:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Privacy-first time tracker"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "{#RunKey}"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Tasks: autostart; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Quit a running tray app so its file can be removed, and drop a Run value the app itself wrote.
Filename: "{sys}\taskkill.exe"; Parameters: "/im {#AppExe} /f"; Flags: runhidden; RunOnceId: "StopLightTrack"
Filename: "{sys}\reg.exe"; Parameters: "delete HKCU\{#RunKey} /v {#AppName} /f"; Flags: runhidden; RunOnceId: "RemoveRunValue"
