/* The package writer: content types and relationships from the registries,
 * then the zip (pack/zipper.c). */
#include "package.h"
#include "xml.h"
#include "zipper.h"

#include <stdio.h>
#include <string.h>

#define NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"

gk_pkg_part *gk_pkg_add(gk_pkg *p, const char *name, const char *content_type)
{
    if (p->nparts == GK_PKG_MAX_PARTS) return NULL;
    gk_pkg_part *part = &p->parts[p->nparts++];
    memset(part, 0, sizeof *part);
    part->name = name;
    part->content_type = content_type;
    return part;
}

const char *gk_pkg_relate(gk_pkg *p, gk_pkg_part *from, const char *type, const char *target)
{
    gk_pkg_rel *rels = from ? from->rels : p->package_rels;
    int *n = from ? &from->nrels : &p->npackage_rels;
    if (*n == GK_PKG_MAX_RELS) return NULL;
    gk_pkg_rel *r = &rels[(*n)++];
    snprintf(r->id, sizeof r->id, "rId%d", *n);
    r->type = type;
    r->target = target;
    return r->id;
}

static bool content_types(const gk_pkg *p, gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "Types");
    gk_xml_attr(x, "xmlns", NS_CT);
    gk_xml_elem(x, "Default", "Extension", "rels", "ContentType", "application/vnd.openxmlformats-package.relationships+xml", NULL);
    gk_xml_elem(x, "Default", "Extension", "xml", "ContentType", "application/xml", NULL);
    for (int i = 0; i < p->nparts; i++) {
        if (!p->parts[i].content_type) continue;
        char name[128];
        snprintf(name, sizeof name, "/%s", p->parts[i].name);
        gk_xml_elem(x, "Override", "PartName", name, "ContentType", p->parts[i].content_type, NULL);
    }
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}

static bool relationships(const gk_pkg_rel *rels, int n, gk_buf *out)
{
    gk_xml *x = gk_xml_new();
    if (!x) return false;
    gk_xml_start(x, "Relationships");
    gk_xml_attr(x, "xmlns", NS_REL);
    for (int i = 0; i < n; i++)
        gk_xml_elem(x, "Relationship", "Id", rels[i].id, "Type", rels[i].type, "Target", rels[i].target, NULL);
    gk_xml_end(x);
    return gk_xml_finish(x, out);
}

/* The .rels part name of a part: word/document.xml → word/_rels/document.xml.rels */
static void rels_name(const char *part, char *out, size_t size)
{
    const char *slash = strrchr(part, '/');
    if (slash) snprintf(out, size, "%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1);
    else snprintf(out, size, "_rels/%s.rels", part);
}

bool gk_pkg_write(gk_pkg *p, const char *path, gk_buf *error)
{
    /* the registries become parts of their own, kept alive until written */
    gk_buf ct = {0}, pkg_rels = {0}, part_rels[GK_PKG_MAX_PARTS];
    memset(part_rels, 0, sizeof part_rels);
    char rels_names[GK_PKG_MAX_PARTS][160];
    gk_zip_entry e[2 + 2 * GK_PKG_MAX_PARTS];
    size_t n = 0;
    bool ok = content_types(p, &ct) && relationships(p->package_rels, p->npackage_rels, &pkg_rels);
    for (int i = 0; ok && i < p->nparts; i++)
        if (p->parts[i].nrels) ok = relationships(p->parts[i].rels, p->parts[i].nrels, &part_rels[i]);
    if (!ok) {
        gk_buf_puts(error, "out of memory or an XML error while assembling the package");
    } else {
        e[n++] = (gk_zip_entry){"[Content_Types].xml", ct.data, ct.len};
        e[n++] = (gk_zip_entry){"_rels/.rels", pkg_rels.data, pkg_rels.len};
        for (int i = 0; i < p->nparts; i++) {
            if (p->parts[i].nrels) {
                rels_name(p->parts[i].name, rels_names[i], sizeof rels_names[i]);
                e[n++] = (gk_zip_entry){rels_names[i], part_rels[i].data, part_rels[i].len};
            }
            e[n++] = (gk_zip_entry){p->parts[i].name, p->parts[i].data.data, p->parts[i].data.len};
        }
        ok = gk_zip_write(path, e, n, error);
    }
    gk_buf_free(&ct);
    gk_buf_free(&pkg_rels);
    for (int i = 0; i < GK_PKG_MAX_PARTS; i++) gk_buf_free(&part_rels[i]);
    return ok;
}

void gk_pkg_free(gk_pkg *p)
{
    for (int i = 0; i < p->nparts; i++) gk_buf_free(&p->parts[i].data);
    p->nparts = 0;
}
