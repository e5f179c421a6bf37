package filedialog

import "unsafe"

// openFileName mirrors the Win32 OPENFILENAMEW structure that
// GetOpenFileNameW and GetSaveFileNameW take. Go lays the fields out with
// the same natural alignment as the C compiler, giving 152 bytes on 64-bit
// Windows and 88 bytes on 32-bit Windows. It lives in a file without build
// tags so the layout test runs everywhere.
type openFileName struct {
	structSize    uint32         // lStructSize
	owner         uintptr        // hwndOwner
	instance      uintptr        // hInstance
	filter        *uint16        // lpstrFilter
	customFilter  *uint16        // lpstrCustomFilter
	maxCustFilter uint32         // nMaxCustFilter
	filterIndex   uint32         // nFilterIndex
	file          *uint16        // lpstrFile
	maxFile       uint32         // nMaxFile
	fileTitle     *uint16        // lpstrFileTitle
	maxFileTitle  uint32         // nMaxFileTitle
	initialDir    *uint16        // lpstrInitialDir
	title         *uint16        // lpstrTitle
	flags         uint32         // Flags
	fileOffset    uint16         // nFileOffset
	fileExtension uint16         // nFileExtension
	defExt        *uint16        // lpstrDefExt
	custData      uintptr        // lCustData
	hook          uintptr        // lpfnHook
	templateName  *uint16        // lpTemplateName
	reserved      unsafe.Pointer // pvReserved
	reserved2     uint32         // dwReserved
	flagsEx       uint32         // FlagsEx
}

// Flags for openFileName.flags.
const (
	ofnOverwritePrompt = 0x00000002 // OFN_OVERWRITEPROMPT
	ofnNoChangeDir     = 0x00000008 // OFN_NOCHANGEDIR
	ofnPathMustExist   = 0x00000800 // OFN_PATHMUSTEXIST
	ofnFileMustExist   = 0x00001000 // OFN_FILEMUSTEXIST
	ofnExplorer        = 0x00080000 // OFN_EXPLORER
)

// Flags used for the open and save dialogs.
const (
	ofnOpenFlags = ofnExplorer | ofnFileMustExist | ofnPathMustExist | ofnNoChangeDir
	ofnSaveFlags = ofnExplorer | ofnOverwritePrompt | ofnPathMustExist | ofnNoChangeDir
)

// windowsFileBufferLen is the length in UTF-16 units of the buffer that
// receives the chosen path.
const windowsFileBufferLen = 32 * 1024
