/* gongkai batch: what the parts of the command share — a department's job,
 * the list of them, the command line's options, how a department ended.
 * Private to cli/batch*.c. */
#ifndef GK_CLI_BATCH_TYPES_H
#define GK_CLI_BATCH_TYPES_H

#include "gongkai.h"

#include <stdbool.h>
#include <stddef.h>

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* How a department ended. */
enum { ST_OK, ST_INVALID, ST_UNCHANGED, ST_ERROR, ST_CRASHED, ST_COUNT };

/* The limits of a listing, the same for a folder, a CSV and a JSON manifest
 * (the JSON reader's own: a file, an array, a text). */
#define MAX_DEPARTMENTS GK_MAX_ITEMS
#define MAX_FIELD GK_MAX_TEXT
#define MAX_COLUMNS 16
/* what is hashed besides inputs: the program, our own outputs */
#define MAX_PROGRAM (1024u * 1024 * 1024)
#define MAX_OUTPUT (1024u * 1024 * 1024)

typedef struct job {
    char *input;    /* path */
    char *name;     /* output stem */
    char *template; /* or NULL */
    char *profile;  /* the manifest's profile folder (issue 13), or NULL: the command line's */
    bool named;     /* the manifest gave the name */
    size_t order;   /* place in the listing: the last tie-break of the sort */
    unsigned line;  /* of the manifest's row or entry; 0 in a folder */
} job;

typedef struct jobs {
    job *v;
    size_t n, cap;
} jobs;

typedef struct options {
    const char *source, *out, *formats, *template_dir, *fontset;
    bool fontset_given; /* --fontset: over every profile's profile.fontset */
    int workers, shard_k, shard_n;
    long max_memory_mib, max_seconds;
    bool force;
} options;

#endif
