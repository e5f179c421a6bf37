; hindsight.nsi — the Windows installer, built on Linux with makensis (scripts/installer.sh):
;
;   makensis -DVERSION=0.1.0 -DGUI_EXE=... -DCLI_EXE=... -DICON=... -DOUTFILE=... hindsight.nsi
;
; Per-user: no administrator rights, installs into %LOCALAPPDATA%\Programs\Hindsight,
; registers in Apps & features under HKCU. The uninstaller removes the program files,
; the shortcuts and the registry key, and nothing else: the journal, its backups and the
; settings live in %AppData% and are kept. /S installs or uninstalls silently; /D=DIR
; (last on the command line) picks another folder.
;
; The install folder is not added to PATH: NSIS strings hold at most 1,024 characters in
; the standard build (NSIS_MAX_STRLEN, makensis -HDRINFO), and rewriting a longer user
; PATH through them would cut it. The console program's full path is in the README.

Unicode true
Target amd64-unicode ; the program is 64-bit only, so is its installer
!ifndef COMPRESSOR
!define COMPRESSOR lzma
!endif
SetCompressor /SOLID ${COMPRESSOR}
RequestExecutionLevel user
ManifestDPIAware true

!ifndef VERSION | GUI_EXE | CLI_EXE | ICON | OUTFILE
!error "define VERSION, GUI_EXE, CLI_EXE, ICON and OUTFILE (see scripts/installer.sh)"
!endif
!ifndef VIVERSION
!define VIVERSION "${VERSION}.0"
!endif

!define APPNAME "Hindsight"
!define PUBLISHER "Hindsight"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Hindsight"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Hindsight"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\hindsight.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepData)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; the installer shows the one matching the
; system's user-interface language when it has it.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Korean"

LangString SecApp ${LANG_ENGLISH} "Hindsight (program and Start menu shortcut)"
LangString SecApp ${LANG_KOREAN} "Hindsight (프로그램과 시작 메뉴 바로 가기)"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecDesktop ${LANG_KOREAN} "바탕 화면 바로 가기"
LangString KeepData ${LANG_ENGLISH} "Hindsight will be removed from the folder below. Your journal, its backups and your settings (in %AppData%) are kept; delete them yourself if you no longer want them."
LangString KeepData ${LANG_KOREAN} "아래 폴더에서 Hindsight 프로그램을 제거합니다. 저널과 백업, 설정(%AppData%에 있음)은 그대로 남습니다. 더 이상 필요 없으면 직접 지우세요."

Section "$(SecApp)" SecApp
	SectionIn RO
	SetOutPath "$INSTDIR"
	File "/oname=hindsight.exe" "${GUI_EXE}"
	File "/oname=hindsight-cli.exe" "${CLI_EXE}"
	File "/oname=hindsight.ico" "${ICON}"
	WriteUninstaller "$INSTDIR\Uninstall.exe"

	CreateShortcut "$SMPROGRAMS\Hindsight.lnk" "$INSTDIR\hindsight.exe" "" "$INSTDIR\hindsight.ico" 0

	WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\hindsight.ico"
	WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
	WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	IntFmt $0 "0x%08X" $0
	WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SecDesktop)" SecDesktop
	CreateShortcut "$DESKTOP\Hindsight.lnk" "$INSTDIR\hindsight.exe" "" "$INSTDIR\hindsight.ico" 0
SectionEnd

; The uninstaller deletes only what the installer wrote. The folder itself goes only
; when it is empty (no RMDir /r): whatever else someone put there stays. %AppData%\Hindsight
; (journal, backups, settings) and %LOCALAPPDATA%\Hindsight are never touched.
Section "Uninstall"
	; A daily check the user set up with `hindsight-cli remind install` would start a
	; program that is no longer there: take it out first. Its exit status does not matter
	; (there may be none to remove).
	IfFileExists "$INSTDIR\hindsight-cli.exe" 0 +2
		nsExec::Exec '"$INSTDIR\hindsight-cli.exe" remind uninstall'

	Delete "$INSTDIR\hindsight.exe"
	Delete "$INSTDIR\hindsight-cli.exe"
	Delete "$INSTDIR\hindsight.ico"
	Delete "$INSTDIR\Uninstall.exe"
	RMDir "$INSTDIR"

	Delete "$SMPROGRAMS\Hindsight.lnk"
	Delete "$DESKTOP\Hindsight.lnk"

	DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd
