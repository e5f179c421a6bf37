/*
 * processprng.c — a stand-in bcryptprimitives.dll for testing under Wine 8.
 *
 * Go's runtime (Go 1.24 and later) takes its random bytes from
 * bcryptprimitives.dll!ProcessPrng, loaded from system32, and stops when it is missing.
 * Windows 10 and 11 have it; Wine 8.0 (Debian 12) does not. That is a gap in Wine, not in
 * the program, so the installer test builds this DLL with MinGW and puts it in the
 * test prefix's system32. It answers with RtlGenRandom (advapi32!SystemFunction036),
 * which Wine has. Like the real one, it always returns TRUE.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll processprng.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		SystemFunction036(data, n);
		data += n;
		length -= n;
	}
	return TRUE;
}
