/* gongkai batch: the departments of a folder or a manifest (batch_list.c).
 * Each lister prints its problems (FILE:LINE:COL: error: …) and returns
 * false when the listing is refused; the jobs it added stay in js either
 * way, for gk_batch_free_jobs. */
#ifndef GK_CLI_BATCH_LIST_H
#define GK_CLI_BATCH_LIST_H

#include "batch_types.h"

/* Every .json, .ini and .xlsx file of dir (at most MAX_DEPARTMENTS). */
bool gk_batch_list_folder(const char *dir, jobs *js);
/* The rows of an RFC 4180 CSV manifest; paths relative to it. */
bool gk_batch_list_csv(const char *path, jobs *js);
/* The entries of a JSON manifest (an array of objects). */
bool gk_batch_list_json(const char *path, jobs *js);
/* Sorts the jobs by name and makes the names unique (x, x-ini, x-ini-2 …);
 * false, with the clash printed, when two names a manifest gave are equal. */
bool gk_batch_unique_names(jobs *js, const char *source);
/* Frees what one job, or the list and every job in it, owns. */
void gk_batch_free_job(job *j);
void gk_batch_free_jobs(jobs *js);

#endif
