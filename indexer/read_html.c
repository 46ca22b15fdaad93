/* read_html.c: HTML pages through libxml2's forgiving parser, which also decodes the
 * page by its own charset (<meta charset>, or Latin-1 when undeclared and not UTF-8).
 * The title comes from og:title or <title> (else the first <h1>); the date from the usual
 * meta tags or the first <time datetime>; the text is what a reader sees: not scripts,
 * styles, navigation, forms or hidden elements. */
#include "ix.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <string.h>
#include <strings.h>

typedef struct {
    ix_buf_t *text;
    ix_buf_t h1, time;
    bool ok;
} walk_t;

static bool name_is(const xmlNode *node, const char *name)
{
    return node->name && strcasecmp((const char *)node->name, name) == 0;
}

static bool invisible(const xmlNode *node)
{
    static const char *const skipped[] = {"script", "style", "noscript", "template", "head",
                                          "nav", "form", "button", "select", "svg", "iframe",
                                          "object", NULL};
    for (size_t i = 0; skipped[i]; i++)
        if (name_is(node, skipped[i]))
            return true;
    return xmlHasProp((xmlNode *)node, (const xmlChar *)"hidden") != NULL;
}

static bool is_block(const xmlNode *node)
{
    static const char *const blocks[] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4",
                                         "h5", "h6", "section", "article", "blockquote",
                                         "pre", "table", "ul", "ol", "dd", "dt", "header",
                                         "footer", "figcaption", "main", "aside", NULL};
    for (size_t i = 0; blocks[i]; i++)
        if (name_is(node, blocks[i]))
            return true;
    return false;
}

static void newline(ix_buf_t *text, walk_t *w)
{
    if (text->len && text->data[text->len - 1] != '\n')
        w->ok = w->ok && ix_buf_putc(text, '\n');
}

static void node_text(const xmlNode *node, ix_buf_t *out)
{
    xmlChar *content = xmlNodeGetContent((xmlNode *)node);
    if (content) {
        ix_buf_append(out, (const char *)content, strlen((const char *)content));
        xmlFree(content);
    }
}

static void walk(const xmlNode *node, walk_t *w)
{
    for (; node && w->ok; node = node->next) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            const char *content = (const char *)node->content;
            if (content)
                w->ok = ix_buf_append(w->text, content, strlen(content));
            continue;
        }
        if (node->type != XML_ELEMENT_NODE || invisible(node))
            continue;
        if (name_is(node, "h1") && !w->h1.len)
            node_text(node, &w->h1);
        if (name_is(node, "time") && !w->time.len) {
            xmlChar *datetime = xmlGetProp((xmlNode *)node, (const xmlChar *)"datetime");
            if (datetime) {
                ix_buf_set(&w->time, (const char *)datetime, strlen((const char *)datetime));
                xmlFree(datetime);
            }
        }
        bool block = is_block(node);
        if (block)
            newline(w->text, w);
        walk(node->children, w);
        if (block)
            newline(w->text, w);
    }
}

/* Reads <meta> tags anywhere in <head>: og:title, dates, site name. */
static void read_meta(const xmlNode *node, ix_record_t *r, ix_buf_t *og_title)
{
    static const char *const date_names[] = {"article:published_time", "date", "pubdate",
                                             "publishdate", "dc.date", "dc.date.issued",
                                             "dcterms.created", "og:published_time",
                                             "sailthru.date", "parsely-pub-date", NULL};
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(node, "meta")) {
            xmlChar *key = xmlGetProp((xmlNode *)node, (const xmlChar *)"property");
            if (!key)
                key = xmlGetProp((xmlNode *)node, (const xmlChar *)"name");
            if (!key)
                key = xmlGetProp((xmlNode *)node, (const xmlChar *)"itemprop");
            xmlChar *content = key ? xmlGetProp((xmlNode *)node, (const xmlChar *)"content") : NULL;
            if (content) {
                const char *k = (const char *)key, *v = (const char *)content;
                if (strcasecmp(k, "og:title") == 0 && !og_title->len)
                    ix_buf_set(og_title, v, strlen(v));
                else if (strcasecmp(k, "og:site_name") == 0 && !r->source.len)
                    ix_buf_set(&r->source, v, strlen(v));
                else if (strcasecmp(k, "og:url") == 0 && !r->url.len)
                    ix_buf_set(&r->url, v, strlen(v));
                else if (!r->date.len)
                    for (size_t i = 0; date_names[i]; i++)
                        if (strcasecmp(k, date_names[i]) == 0 || strcasecmp(k, "datePublished") == 0) {
                            ix_buf_set(&r->date, v, strlen(v));
                            break;
                        }
            }
            xmlFree(key);
            xmlFree(content);
        } else if (name_is(node, "title") && !r->title.len) {
            node_text(node, &r->title);
        } else if (!name_is(node, "body")) {
            read_meta(node->children, r, og_title);
        }
    }
}

/* Recovering, libxml2 reads past every error but a fatal one, where it stops: the text
 * after it is lost, and the user is told. */
static void warn_if_stopped(ix_reader_t *reader)
{
    const xmlError *error = xmlGetLastError();
    if (!error || error->level != XML_ERR_FATAL)
        return;
    if (error->message && strstr(error->message, "depth"))
        ix_warn(reader, (size_t)(error->line > 0 ? error->line : 0),
                "elements nested deeper than the HTML parser allows (256): the text below is not indexed");
    else
        ix_warn(reader, (size_t)(error->line > 0 ? error->line : 0),
                "the HTML parser stopped here (%.*s): the rest is not indexed",
                error->message ? (int)strcspn(error->message, "\n") : 0,
                error->message ? error->message : "");
}

int ix_read_html(ix_reader_t *reader, const char *raw, size_t len)
{
    if (len > INT32_MAX) {
        ix_warn(reader, 0, "too large for the HTML parser");
        return 0;
    }
    xmlResetLastError(); /* libxml2 keeps it per thread */
    htmlDocPtr doc = htmlReadMemory(raw, (int)len, reader->path, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_COMPACT);
    if (!doc) {
        ix_warn(reader, 0, "cannot be parsed as HTML");
        return 0;
    }
    warn_if_stopped(reader);
    ix_record_t *r = &reader->record;
    ix_record_clear(r);
    ix_buf_t og_title = {0};
    xmlNode *root = xmlDocGetRootElement(doc);
    read_meta(root, r, &og_title);
    walk_t w = {.text = &r->text, .ok = true};
    walk(root, &w);
    /* og:title is the article's headline; <title> often carries " - Site Name". */
    if (og_title.len)
        ix_buf_set(&r->title, og_title.data, og_title.len);
    else if (!r->title.len && w.h1.len)
        ix_buf_set(&r->title, w.h1.data, w.h1.len);
    if (!r->date.len && w.time.len)
        ix_buf_set(&r->date, w.time.data, w.time.len);
    ix_buf_free(&og_title);
    ix_buf_free(&w.h1);
    ix_buf_free(&w.time);
    xmlFreeDoc(doc);
    if (!w.ok)
        return -1;
    return ix_emit(reader);
}
