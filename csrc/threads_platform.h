/* The thread primitives the pool in threads.c is written over, from Win32 on
 * Windows (every compiler there; mingw's winpthreads would be one more DLL to
 * ship) and from POSIX threads elsewhere (CMake's FA_HAVE_PTHREADS).
 * FA_THREADS_POOL is 0 where there is neither: every range runs on the
 * calling thread.
 *
 *   fa_mutex, FA_MUTEX_INIT       fa_mutex_lock, fa_mutex_unlock, fa_mutex_trylock (1: taken)
 *   fa_cond, FA_COND_INIT         fa_cond_wait(c, m), fa_cond_signal, fa_cond_broadcast
 *   FA_THREAD_ENTRY(name, arg)    defines a thread's entry point; its body ends in return 0
 *   fa_thread_start_detached(entry, arg)  0 on success; nobody joins the thread
 *   FA_THREADS_FORK               1 where fork() exists, with what a fresh child needs:
 *                                 fa_once, FA_ONCE_INIT, fa_once_run(once, fn),
 *                                 fa_at_fork(prepare, parent, child),
 *                                 fa_mutex_reinit, fa_cond_reinit */
#ifndef FASTACT_THREADS_PLATFORM_H
#define FASTACT_THREADS_PLATFORM_H

#if defined(_WIN32)
#include "threads_win32.h"
#elif defined(FA_HAVE_PTHREADS)
#include "threads_posix.h"
#else
#define FA_THREADS_POOL 0
#endif

#endif
