package app

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"sync"

	"golang.org/x/image/draw"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hindsight/assets"
)

// welcomeView returns the welcome screen, building it on first use.
func (u *UI) welcomeView() fyne.CanvasObject {
	if u.welcome == nil {
		u.welcome = newWelcome(u)
	}
	return u.welcome
}

// newWelcome is what an empty journal shows: what Hindsight is for, and two ways to start.
func newWelcome(u *UI) fyne.CanvasObject {
	icon := canvas.NewImageFromResource(iconResource(192))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(96, 96))
	title := widget.NewLabel(tr("welcome.title"))
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameHeadingText
	title.Alignment = fyne.TextAlignCenter
	text := widget.NewLabel(tr("welcome.text"))
	text.Wrapping = fyne.TextWrapWord
	text.Alignment = fyne.TextAlignCenter
	write := widget.NewButtonWithIcon(tr("welcome.write"), theme.DocumentCreateIcon(), u.newThesis)
	write.Importance = widget.HighImportance
	buttons := container.NewHBox(write)
	if u.deps.DemoPath != "" {
		buttons.Add(widget.NewButtonWithIcon(tr("welcome.demo"), theme.FileIcon(), u.openDemo))
	}
	box := container.NewVBox(icon, title, container.NewGridWrap(fyne.NewSize(480, 110), text), container.NewCenter(buttons))
	return container.NewCenter(box)
}

var (
	iconMu    sync.Mutex
	iconCache = map[int]fyne.Resource{}
)

// iconResource returns the app icon scaled to size pixels (the original when that fails).
func iconResource(size int) fyne.Resource {
	iconMu.Lock()
	defer iconMu.Unlock()
	if r, ok := iconCache[size]; ok {
		return r
	}
	var r fyne.Resource = fyne.NewStaticResource("icon.png", assets.Icon)
	if src, err := png.Decode(bytes.NewReader(assets.Icon)); err == nil {
		dst := image.NewNRGBA(image.Rect(0, 0, size, size))
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var b bytes.Buffer
		if png.Encode(&b, dst) == nil {
			r = fyne.NewStaticResource(fmt.Sprintf("icon-%d.png", size), b.Bytes())
		}
	}
	iconCache[size] = r
	return r
}
