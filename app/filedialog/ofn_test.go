package filedialog

import (
	"testing"
	"unsafe"
)

// TestOpenFileNameLayout checks openFileName against the documented
// OPENFILENAMEW layout for the pointer size of the running architecture,
// so a misplaced field is caught on any machine.
func TestOpenFileNameLayout(t *testing.T) {
	var o openFileName
	type field struct {
		name   string
		offset uintptr
		want   [2]uintptr // 32-bit, 64-bit
	}
	fields := []field{
		{"lStructSize", unsafe.Offsetof(o.structSize), [2]uintptr{0, 0}},
		{"hwndOwner", unsafe.Offsetof(o.owner), [2]uintptr{4, 8}},
		{"hInstance", unsafe.Offsetof(o.instance), [2]uintptr{8, 16}},
		{"lpstrFilter", unsafe.Offsetof(o.filter), [2]uintptr{12, 24}},
		{"lpstrCustomFilter", unsafe.Offsetof(o.customFilter), [2]uintptr{16, 32}},
		{"nMaxCustFilter", unsafe.Offsetof(o.maxCustFilter), [2]uintptr{20, 40}},
		{"nFilterIndex", unsafe.Offsetof(o.filterIndex), [2]uintptr{24, 44}},
		{"lpstrFile", unsafe.Offsetof(o.file), [2]uintptr{28, 48}},
		{"nMaxFile", unsafe.Offsetof(o.maxFile), [2]uintptr{32, 56}},
		{"lpstrFileTitle", unsafe.Offsetof(o.fileTitle), [2]uintptr{36, 64}},
		{"nMaxFileTitle", unsafe.Offsetof(o.maxFileTitle), [2]uintptr{40, 72}},
		{"lpstrInitialDir", unsafe.Offsetof(o.initialDir), [2]uintptr{44, 80}},
		{"lpstrTitle", unsafe.Offsetof(o.title), [2]uintptr{48, 88}},
		{"Flags", unsafe.Offsetof(o.flags), [2]uintptr{52, 96}},
		{"nFileOffset", unsafe.Offsetof(o.fileOffset), [2]uintptr{56, 100}},
		{"nFileExtension", unsafe.Offsetof(o.fileExtension), [2]uintptr{58, 102}},
		{"lpstrDefExt", unsafe.Offsetof(o.defExt), [2]uintptr{60, 104}},
		{"lCustData", unsafe.Offsetof(o.custData), [2]uintptr{64, 112}},
		{"lpfnHook", unsafe.Offsetof(o.hook), [2]uintptr{68, 120}},
		{"lpTemplateName", unsafe.Offsetof(o.templateName), [2]uintptr{72, 128}},
		{"pvReserved", unsafe.Offsetof(o.reserved), [2]uintptr{76, 136}},
		{"dwReserved", unsafe.Offsetof(o.reserved2), [2]uintptr{80, 144}},
		{"FlagsEx", unsafe.Offsetof(o.flagsEx), [2]uintptr{84, 148}},
	}
	arch := 0
	wantSize := uintptr(88)
	if unsafe.Sizeof(uintptr(0)) == 8 {
		arch, wantSize = 1, 152
	}
	for _, f := range fields {
		if f.offset != f.want[arch] {
			t.Errorf("%s at offset %d, want %d", f.name, f.offset, f.want[arch])
		}
	}
	if got := unsafe.Sizeof(o); got != wantSize {
		t.Errorf("sizeof(OPENFILENAMEW) = %d, want %d", got, wantSize)
	}
}

func TestOpenFileNameFlags(t *testing.T) {
	if ofnOpenFlags != 0x81808 {
		t.Errorf("open flags = %#x, want OFN_EXPLORER|OFN_FILEMUSTEXIST|OFN_PATHMUSTEXIST|OFN_NOCHANGEDIR (0x81808)", ofnOpenFlags)
	}
	if ofnSaveFlags != 0x8080a {
		t.Errorf("save flags = %#x, want OFN_EXPLORER|OFN_OVERWRITEPROMPT|OFN_PATHMUSTEXIST|OFN_NOCHANGEDIR (0x8080a)", ofnSaveFlags)
	}
}
