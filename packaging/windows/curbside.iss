; Inno Setup 6 script: a per-user Curbside installer that needs no administrator.
;
; Built on a Windows release machine (release.yml) after packaging\bundle.py has
; produced build\bundle\dist\curbside\ (PyInstaller one folder):
;
;   iscc /DAppVersion=0.1.0 /DBundleDir=..\..\build\bundle\dist\curbside packaging\windows\curbside.iss
;
; PrivilegesRequired=lowest installs into %LOCALAPPDATA%\Programs\Curbside and
; writes only HKCU, so a clinician on a locked-down workstation can run it. An
; IT admin may still deploy it for all users from the command line with
; /ALLUSERS (the dialog override below), which then asks for elevation.
; The user's history, keys and settings (%LOCALAPPDATA%\Curbside) are not
; removed on uninstall: the history is theirs and cannot be re-created.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\build\bundle\dist\curbside"
#endif
; Rendered from packaging\curbside.svg by packaging\icons.py during bundle.py.
#ifndef IconFile
  #define IconFile "..\..\build\bundle\icons\curbside.ico"
#endif

; llama.cpp's CPU backends are built with MSVC's OpenMP: without vcomp140.dll
; next to them the program fails to start on a PC without the VC++ runtime.
#if !FileExists(BundleDir + "\_internal\vcomp140.dll") && !FileExists(BundleDir + "\vcomp140.dll")
  #error "vcomp140.dll (the MSVC OpenMP runtime) is not in the bundle; see curbside.spec"
#endif
#if !FileExists(BundleDir + "\curbsidew.exe")
  #error "BundleDir does not hold a PyInstaller build of curbside.spec"
#endif

[Setup]
AppId={{6B0E2E57-3C1D-4B8E-9E55-6C2B7F3D1A90}
AppName=Curbside
AppVersion={#AppVersion}
AppVerName=Curbside {#AppVersion}
AppPublisher=Curbside
DefaultDirName={autopf}\Curbside
DefaultGroupName=Curbside
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=Curbside-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\curbsidew.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the curbside command to my PATH"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A new version replaces the old program folder whole (no stale DLLs mixed in).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Curbside"; Filename: "{app}\curbsidew.exe"; Comment: "Offline clinical reasoning assistant"
Name: "{autodesktop}\Curbside"; Filename: "{app}\curbsidew.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\curbsidew.exe"; Description: "{cm:LaunchProgram,Curbside}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Paths: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths) then
    Paths := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;
