#include "kinds.h"
#include "fields.h"

#include <string.h>

/* Every kind is checked with every rules file: an identity applies wherever
 * its section is present, so a goals input that carries a procurement
 * section is still checked. A kind may list fewer. */
static const char *const all_rules[] = {"totals", "projects", "procurement", "assets", "selfeval", "tables", NULL};

static const char *const budget_needs[] = {"laws", "duties", "organisation", "income", "expenditure", "prior_year",
                                           "operating_costs", "three_public", "performance", "projects", "assets", NULL};
static const char *const goals_needs[] = {"performance", "projects", NULL};
static const char *const selfeval_needs[] = {"selfeval", "duties", NULL};
static const char *const tables_needs[] = {"classified", NULL}; /* issue 11: the statutory tables alone */

/* name, template, subject, rules files, needed fields: the one table */
#define GK_KIND_TABLE(X)                                                    \
    X("budget", "budget", "预算信息公开", all_rules, budget_needs)                \
    X("goals", "goals", "绩效目标", all_rules, goals_needs)                      \
    X("selfeval", "selfeval", "整体绩效自评", all_rules, selfeval_needs)         \
    X("budget-tables", "budget-tables", "预算公开表", all_rules, tables_needs)

#define KIND_ROW(name, tpl, subject, rules, needs) {name, tpl, subject, rules, needs},
#define KIND_NAME(name, tpl, subject, rules, needs) name,
const gk_kind gk_kinds[] = {GK_KIND_TABLE(KIND_ROW){NULL, NULL, NULL, NULL, NULL}};
const char *const gk_doc_kind_names[] = {GK_KIND_TABLE(KIND_NAME) NULL};

const gk_kind *gk_kind_of(const gk_input *in)
{
    return &gk_kinds[in->document.set ? in->document.v : GK_DOC_BUDGET];
}

bool gk_input_has(const gk_input *in, const char *key)
{
    for (const gk_field *f = gk_input_shape.fields; f->key; f++) {
        if (strcmp(f->key, key) != 0) continue;
        const char *at = (const char *)in + f->off;
        if (f->type == GK_FT_OBJECT) return f->set_off != (size_t)-1 && *(const bool *)((const char *)in + f->set_off);
        if (f->type == GK_FT_LIST) return ((const gk_list *)at)->set;
        if (f->type == GK_FT_TEXT) return ((const gk_text *)at)->set;
        return false;
    }
    return false;
}
