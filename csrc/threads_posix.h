/* threads_platform.h over POSIX threads (Linux, macOS, the BSDs). */
#ifndef FASTACT_THREADS_POSIX_H
#define FASTACT_THREADS_POSIX_H

#include <pthread.h>

#include "portable.h" /* FA_INLINE */

#define FA_THREADS_POOL 1
#define FA_THREADS_FORK 1

typedef pthread_mutex_t fa_mutex;
#define FA_MUTEX_INIT PTHREAD_MUTEX_INITIALIZER
FA_INLINE void fa_mutex_lock(fa_mutex *m) { pthread_mutex_lock(m); }
FA_INLINE void fa_mutex_unlock(fa_mutex *m) { pthread_mutex_unlock(m); }
FA_INLINE int fa_mutex_trylock(fa_mutex *m) { return pthread_mutex_trylock(m) == 0; }

typedef pthread_cond_t fa_cond;
#define FA_COND_INIT PTHREAD_COND_INITIALIZER
FA_INLINE void fa_cond_wait(fa_cond *c, fa_mutex *m) { pthread_cond_wait(c, m); }
FA_INLINE void fa_cond_signal(fa_cond *c) { pthread_cond_signal(c); }
FA_INLINE void fa_cond_broadcast(fa_cond *c) { pthread_cond_broadcast(c); }

#define FA_THREAD_ENTRY(name, arg) void *name(void *arg)
typedef void *(*fa_thread_entry)(void *);

FA_INLINE int fa_thread_start_detached(fa_thread_entry entry, void *arg) {
    pthread_t thread;
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0) return -1;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    const int failed = pthread_create(&thread, &attr, entry, arg);
    pthread_attr_destroy(&attr);
    return failed ? -1 : 0;
}

typedef pthread_once_t fa_once;
#define FA_ONCE_INIT PTHREAD_ONCE_INIT
FA_INLINE void fa_once_run(fa_once *once, void (*fn)(void)) { pthread_once(once, fn); }
FA_INLINE void fa_at_fork(void (*prepare)(void), void (*parent)(void), void (*child)(void)) {
    pthread_atfork(prepare, parent, child);
}
/* In a fork child: the locks as new (their owners may not exist there). */
FA_INLINE void fa_mutex_reinit(fa_mutex *m) { pthread_mutex_init(m, NULL); }
FA_INLINE void fa_cond_reinit(fa_cond *c) { pthread_cond_init(c, NULL); }

#endif
