/*
 * The native image's entrypoint: starts the operator's native executable with its heap sized from the container's
 * memory limit, as -XX:MaxRAMPercentage does for the JVM image.
 *
 *   heap-from-limit PERCENT EXECUTABLE [ARG...]
 *
 * With a memory limit below the machine's memory it runs EXECUTABLE -Xmx<PERCENT % of the limit>m ARG...; without
 * one, EXECUTABLE ARG... unchanged (the executable then sizes its heap from the machine's memory). The limit is read
 * from the cgroup the container sees: /sys/fs/cgroup/memory.max (cgroup v2), else
 * /sys/fs/cgroup/memory/memory.limit_in_bytes (cgroup v1). It execs, so the executable stays the container's first
 * process and receives the kubelet's SIGTERM itself. One line on stderr says what it chose.
 *
 * Why not the executable alone: Native Image reads a container's limits only through a library of its own
 * (libsvm_container, selected by the build option -H:+UseContainerSupport); the native-image toolchain these
 * machines assemble from registry packages has no such library and builds with -H:-UseContainerSupport, so its
 * executables size their heap from the machine's memory (80 % of it by default: 19 GiB on a 24 GiB node, whatever
 * the pod's limit) and a busy pod would be OOM-killed instead of collecting. Nor can a percentage option do it: the
 * runtime of GraalVM 25 knows no -XX:MaxRAMPercentage (its -XX:MaximumHeapSizePercent is a percentage of what it
 * believes the machine's memory is). An executable built by a GraalVM or Mandrel with container support reads the
 * same limit; the -Xmx given here then only says it explicitly.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The limit in bytes from FILE, or 0 when there is none ("max", absent, unreadable). */
static unsigned long long limit_of(const char *file) {
    FILE *in = fopen(file, "r");
    if (in == NULL) {
        return 0;
    }
    char text[64] = {0};
    char *read = fgets(text, sizeof text, in);
    fclose(in);
    if (read == NULL) {
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text) {
        return 0; /* "max" */
    }
    return value;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: heap-from-limit PERCENT EXECUTABLE [ARG...]\n");
        return 2;
    }
    char *end;
    long percent = strtol(argv[1], &end, 10);
    if (*end != '\0' || percent < 1 || percent > 100) {
        fprintf(stderr, "heap-from-limit: PERCENT must be 1 to 100, not '%s'\n", argv[1]);
        return 2;
    }
    const char *source = "/sys/fs/cgroup/memory.max";
    unsigned long long limit = limit_of(source);
    if (limit == 0) {
        source = "/sys/fs/cgroup/memory/memory.limit_in_bytes";
        limit = limit_of(source);
    }
    /* cgroup v1 says "no limit" with a huge number; a limit above the machine's memory does not bind either */
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGE_SIZE);
    unsigned long long machine = pages > 0 && page_size > 0 ? (unsigned long long)pages * page_size : 0;
    if (machine > 0 && limit >= machine) {
        limit = 0;
    }

    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (args == NULL) {
        perror("heap-from-limit");
        return 1;
    }
    int n = 0;
    args[n++] = argv[2];
    char heap[48];
    if (limit > 0) {
        unsigned long long mib = limit / 100 * (unsigned long long)percent / (1024 * 1024);
        if (mib < 16) {
            mib = 16;
        }
        snprintf(heap, sizeof heap, "-Xmx%llum", mib);
        args[n++] = heap;
        fprintf(stderr, "heap-from-limit: memory limit %llu bytes (%s): %s (%ld %%)\n", limit, source, heap, percent);
    } else {
        fprintf(stderr, "heap-from-limit: no memory limit: the executable sizes its heap itself\n");
    }
    for (int i = 3; i < argc; i++) {
        args[n++] = argv[i];
    }
    args[n] = NULL;
    execv(argv[2], args);
    fprintf(stderr, "heap-from-limit: cannot run %s: %s\n", argv[2], strerror(errno));
    return 127;
}
