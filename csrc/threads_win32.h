/* threads_platform.h over Win32: slim reader/writer locks taken exclusively
 * and condition variables. Both initialise statically like pthreads' and need
 * no cleanup; TryAcquireSRWLockExclusive needs Windows 7 (CPython needs 8.1).
 * There is no fork(), so no fork handlers (FA_THREADS_FORK 0). */
#ifndef FASTACT_THREADS_WIN32_H
#define FASTACT_THREADS_WIN32_H

#if !defined(_WIN32_WINNT) || _WIN32_WINNT < 0x0601
#undef _WIN32_WINNT
#define _WIN32_WINNT 0x0601
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <process.h> /* _beginthreadex */
#include <stdint.h>

#include "portable.h" /* FA_INLINE */

#define FA_THREADS_POOL 1
#define FA_THREADS_FORK 0

typedef SRWLOCK fa_mutex;
#define FA_MUTEX_INIT SRWLOCK_INIT
FA_INLINE void fa_mutex_lock(fa_mutex *m) { AcquireSRWLockExclusive(m); }
FA_INLINE void fa_mutex_unlock(fa_mutex *m) { ReleaseSRWLockExclusive(m); }
FA_INLINE int fa_mutex_trylock(fa_mutex *m) { return TryAcquireSRWLockExclusive(m) != 0; }

typedef CONDITION_VARIABLE fa_cond;
#define FA_COND_INIT CONDITION_VARIABLE_INIT
FA_INLINE void fa_cond_wait(fa_cond *c, fa_mutex *m) {
    SleepConditionVariableSRW(c, m, INFINITE, 0);
}
FA_INLINE void fa_cond_signal(fa_cond *c) { WakeConditionVariable(c); }
FA_INLINE void fa_cond_broadcast(fa_cond *c) { WakeAllConditionVariable(c); }

#define FA_THREAD_ENTRY(name, arg) unsigned __stdcall name(void *arg)
typedef unsigned(__stdcall *fa_thread_entry)(void *);

/* _beginthreadex rather than CreateThread: the C runtime sets the thread up */
FA_INLINE int fa_thread_start_detached(fa_thread_entry entry, void *arg) {
    const uintptr_t handle = _beginthreadex(NULL, 0, entry, arg, 0, NULL);
    if (handle == 0) return -1;
    CloseHandle((HANDLE)handle); /* the thread runs on; nobody waits for it */
    return 0;
}

#endif
