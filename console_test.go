package main

import "testing"

func TestNeedsConsole(t *testing.T) {
	tests := []struct {
		name string
		t    fileType
		want bool
	}{
		{"no handle (GUI program typed in a shell)", fileUnknown, true},
		{"redirected to a file", fileDisk, false},
		{"piped", filePipe, false},
		{"a console already", fileChar, false},
		{"remote, unknown to the program", fileType(0x8000), true},
	}
	for _, tt := range tests {
		if got := needsConsole(tt.t); got != tt.want {
			t.Errorf("%s: needsConsole(%#x) = %v, want %v", tt.name, tt.t, got, tt.want)
		}
	}
}

func TestOpensWindow(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"--db", `C:\j.db`}, true},
		{[]string{"-db", "j.db", "--db=k.db"}, true},
		{[]string{"--db"}, false}, // a usage error, printed on the console
		{[]string{"list"}, false},
		{[]string{"--db", "j.db", "list"}, false},
		{[]string{"--version"}, false},
		{[]string{"--help"}, false},
		{[]string{"--nonsense"}, false},
	}
	for _, tt := range tests {
		if got := opensWindow(tt.args); got != tt.want {
			t.Errorf("opensWindow(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestOwnsConsole(t *testing.T) {
	for n, want := range map[uint32]bool{0: false, 1: true, 2: false, 3: false} {
		if got := ownsConsole(n); got != want {
			t.Errorf("ownsConsole(%d) = %v, want %v", n, got, want)
		}
	}
}
