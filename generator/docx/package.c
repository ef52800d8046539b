/* The package writer: content types and relationships from the registries,
 * then the zip. */
#include "package.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>
#include <zip.h>

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

/* 1980-01-01 00:00 (the first DOS date): fixed, so the same input gives the
 * same bytes. */
#define GK_ZIP_DOSDATE ((0 << 9) | (1 << 5) | 1)

static bool add_entry(zip_t *z, const char *name, const gk_buf *data, gk_buf *error)
{
    zip_source_t *src = zip_source_buffer(z, data->data ? data->data : "", data->len, 0);
    if (!src) goto fail;
    zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        goto fail;
    }
    if (zip_file_set_dostime(z, (zip_uint64_t)idx, 0, GK_ZIP_DOSDATE, 0) < 0 ||
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0)
        goto fail;
    return true;
fail:
    gk_buf_printf(error, "%s", zip_strerror(z));
    return false;
}

bool gk_pkg_write(gk_pkg *p, const char *path, gk_buf *error)
{
    /* the registries become parts of their own, kept alive until close */
    gk_buf ct = {0}, pkg_rels = {0}, part_rels[GK_PKG_MAX_PARTS];
    memset(part_rels, 0, sizeof part_rels);
    bool ok = content_types(p, &ct) && relationships(p->package_rels, p->npackage_rels, &pkg_rels);
    for (int i = 0; ok && i < p->nparts; i++)
        if (p->parts[i].nrels) ok = relationships(p->parts[i].rels, p->parts[i].nrels, &part_rels[i]);
    if (!ok) {
        gk_buf_puts(error, "out of memory or an XML error while assembling the package");
    } else {
        int zerr = 0;
        zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
        if (!z) {
            zip_error_t ze;
            zip_error_init_with_code(&ze, zerr);
            gk_buf_printf(error, "%s", zip_error_strerror(&ze));
            zip_error_fini(&ze);
            ok = false;
        } else {
            ok = add_entry(z, "[Content_Types].xml", &ct, error) && add_entry(z, "_rels/.rels", &pkg_rels, error);
            for (int i = 0; ok && i < p->nparts; i++) {
                if (p->parts[i].nrels) {
                    char name[160];
                    rels_name(p->parts[i].name, name, sizeof name);
                    ok = add_entry(z, name, &part_rels[i], error);
                }
                if (ok) ok = add_entry(z, p->parts[i].name, &p->parts[i].data, error);
            }
            if (ok && zip_close(z) < 0) {
                gk_buf_printf(error, "%s", zip_strerror(z));
                ok = false;
            }
            if (!ok) zip_discard(z);
        }
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
