// store.cc: libdalil's index, over Xapian. The only C++ in dalil and the only code that
// sees Xapian; every entry point is extern "C" and no exception leaves it.
//
// Error model: each entry point runs its body in try/catch(...) and hands the exception
// to from_exception(), which maps it to one dalil_status_t and keeps Xapian's message as
// the handle's detail.
//
// Commits are explicit. A WritableDatabase commits when destroyed (and swallows errors)
// unless a transaction is open, and then it discards. So a writer always works inside a
// transaction: dalil_db_commit() commits it and opens the next, and dalil_db_close()
// discards whatever was not committed. Xapian also holds a transaction's changes in memory
// until it commits, so the caller's commit interval bounds the writer's memory.

#include "internal.h"

#include <xapian.h>
#include <xxhash.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <new>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

// Set in every index dalil creates, so that a foreign Xapian database is recognised.
static const char FORMAT_KEY[] = "dalil.format";
static const char FORMAT_VERSION[] = "1";
// The number of documents as of the last commit, written by that commit.
static const char DOCCOUNT_KEY[] = "dalil.doccount";

struct dalil_db {
    Xapian::Database *reader = nullptr;          // the database searched
    Xapian::WritableDatabase *writer = nullptr;  // same object when writable, else null
    std::string path;
    std::string detail;
    dalil_analyzer_t *analyzer = nullptr;        // made on first query
};

struct dalil_doc {
    Xapian::Document document;
    std::map<std::string, std::string> fields;
    uint32_t last_position = 0;
};

// ---- Errors -------------------------------------------------------------------------

// Maps the exception being handled to a status; call only inside a catch block.
static dalil_status_t status_of_current_exception(std::string &detail)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        // Only "already locked" is another writer; the lock file can also fail to open
        // (a read-only file system, too many open files), which is an I/O failure.
        detail = e.get_description();
        const std::string &msg = e.get_msg();
        static const std::string in_use = "already locked";
        bool held = msg.size() >= in_use.size() &&
                    msg.compare(msg.size() - in_use.size(), in_use.size(), in_use) == 0;
        return held ? DALIL_LOCKED : DALIL_IO;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        detail = e.get_description();
        return DALIL_NOT_FOUND;
    } catch (const Xapian::DocNotFoundError &e) {
        detail = e.get_description();
        return DALIL_NOT_FOUND;
    } catch (const Xapian::DatabaseCreateError &e) {
        detail = e.get_description();
        return DALIL_IO;
    } catch (const Xapian::DatabaseCorruptError &e) {
        detail = e.get_description();
        return DALIL_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        // Files this Xapian cannot read (a version it does not know, missing tables).
        detail = e.get_description();
        return DALIL_CORRUPT;
    } catch (const Xapian::DatabaseError &e) {
        // An operating-system error (a full disk, a failing device), also when a writer
        // reports it wrapped ("Modifications failed (... No space left on device)"):
        // Xapian says corrupt with DatabaseCorruptError, caught above.
        detail = e.get_description();
        return DALIL_IO;
    } catch (const Xapian::Error &e) {
        detail = e.get_description();
        return DALIL_XAPIAN;
    } catch (const std::bad_alloc &) {
        detail = "out of memory";
        return DALIL_NOMEM;
    } catch (const std::exception &e) {
        detail = e.what();
        return DALIL_XAPIAN;
    } catch (...) {
        detail = "unknown C++ exception";
        return DALIL_XAPIAN;
    }
}

static dalil_status_t from_exception(dalil_db_t *db)
{
    std::string detail;
    dalil_status_t status = status_of_current_exception(detail);
    if (db) {
        try {
            db->detail = detail;
        } catch (...) {
            db->detail.clear();
        }
    }
    return status;
}

static dalil_status_t fail(dalil_db_t *db, dalil_status_t status, const std::string &detail)
{
    db->detail = detail;
    return status;
}

extern "C" dalil_status_t _dalil_db_fail(dalil_db_t *db, dalil_status_t status,
                                         const char *fmt, ...)
{
    char buffer[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(buffer, sizeof buffer, fmt, args);
    va_end(args);
    try {
        db->detail = buffer;
    } catch (...) {
        db->detail.clear();
    }
    return status;
}

// ---- Opening ------------------------------------------------------------------------

static bool is_xapian_dir(const std::string &path)
{
    static const char *const markers[] = {"iamglass", "iamchert", "iamhoney", "flintlock"};
    for (const char *marker : markers) {
        struct stat st;
        if (stat((path + "/" + marker).c_str(), &st) == 0)
            return true;
    }
    return false;
}

static bool is_nonempty_dir(const std::string &path)
{
    DIR *dir = opendir(path.c_str());
    if (!dir)
        return false;
    bool nonempty = false;
    for (struct dirent *entry; (entry = readdir(dir)) != nullptr;) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
            nonempty = true;
            break;
        }
    }
    closedir(dir);
    return nonempty;
}

// Refuses to write an index into a directory that holds other things: creating one
// there would scatter index files among the user's own.
static dalil_status_t check_writable_target(dalil_db_t *db, const std::string &path)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
        return DALIL_OK;
    if (!S_ISDIR(st.st_mode))
        return fail(db, DALIL_INVALID_ARGUMENT, "'" + path + "' exists and is not a directory");
    if (is_nonempty_dir(path) && !is_xapian_dir(path))
        return fail(db, DALIL_INVALID_ARGUMENT,
                    "'" + path + "' is a directory that is not an index; refusing to create one in it");
    return DALIL_OK;
}

// A database with documents but no format key was made by something else.
static dalil_status_t check_format(dalil_db_t *db)
{
    std::string format = db->reader->get_metadata(FORMAT_KEY);
    if (format.empty()) {
        if (db->reader->get_doccount() != 0)
            return fail(db, DALIL_CORRUPT, "'" + db->path + "' is a Xapian database but not a dalil index");
        if (db->writer)
            db->writer->set_metadata(FORMAT_KEY, FORMAT_VERSION);
        return DALIL_OK;
    }
    if (format != FORMAT_VERSION)
        return fail(db, DALIL_CORRUPT,
                    "'" + db->path + "' has index format " + format + "; this dalil reads format " +
                        FORMAT_VERSION + ": rebuild it with dalil-index --full");
    return DALIL_OK;
}

// Opens an index to read. Xapian opens its files one by one, by path: when dalil-index
// puts a merged index in the place of the old one (shards), an open at that moment can
// get the version file of one and tables of the other, and fail. Once more is then
// enough; an index that is really damaged fails both times.
static Xapian::Database *open_for_reading(const std::string &path)
{
    try {
        return new Xapian::Database(path);
    } catch (const Xapian::DatabaseNotFoundError &) {
        throw;
    } catch (const Xapian::DatabaseError &) {
        return new Xapian::Database(path);
    }
}

static dalil_status_t open_database(dalil_db_t *db, dalil_db_mode_t mode)
{
    try {
        if (mode == DALIL_DB_WRITE) {
            dalil_status_t status = check_writable_target(db, db->path);
            if (status != DALIL_OK)
                return status;
            db->writer = new Xapian::WritableDatabase(db->path, Xapian::DB_CREATE_OR_OPEN);
            db->reader = db->writer;
            db->writer->begin_transaction(true);
        } else {
            db->reader = open_for_reading(db->path);
        }
        return check_format(db);
    } catch (...) {
        dalil_status_t status = from_exception(db);
        if (status == DALIL_NOT_FOUND)
            db->detail = "no index at '" + db->path + "'";
        else if (status == DALIL_LOCKED)
            db->detail = "index '" + db->path + "' is locked: another dalil-index is writing it";
        return status;
    }
}

extern "C" dalil_status_t dalil_db_open(const char *path, dalil_db_mode_t mode,
                                        dalil_db_t **db_out, char **detail_out)
{
    *db_out = nullptr;
    if (detail_out)
        *detail_out = nullptr;
    if (!path || !*path || (mode != DALIL_DB_READ && mode != DALIL_DB_WRITE))
        return DALIL_INVALID_ARGUMENT;
    dalil_db_t *db = new (std::nothrow) dalil_db_t;
    if (!db)
        return DALIL_NOMEM;
    dalil_status_t status;
    try {
        db->path = path;
        status = open_database(db, mode);
    } catch (...) {
        status = from_exception(db);
    }
    if (status != DALIL_OK) {
        if (detail_out)
            *detail_out = strdup(db->detail.empty() ? dalil_status_str(status) : db->detail.c_str());
        dalil_db_close(db);
        return status;
    }
    *db_out = db;
    return DALIL_OK;
}

extern "C" dalil_status_t dalil_db_add_index(dalil_db_t *db, const char *path)
{
    if (db->writer)
        return fail(db, DALIL_READ_ONLY, "only an index opened for reading can search several");
    try {
        Xapian::Database other(path);
        if (other.get_metadata(FORMAT_KEY).empty() && other.get_doccount() != 0)
            return fail(db, DALIL_CORRUPT, std::string("'") + path + "' is not a dalil index");
        db->reader->add_database(other);
        return DALIL_OK;
    } catch (...) {
        dalil_status_t status = from_exception(db);
        if (status == DALIL_NOT_FOUND)
            db->detail = std::string("no index at '") + path + "'";
        return status;
    }
}

extern "C" void dalil_db_close(dalil_db_t *db)
{
    if (!db)
        return;
    try {
        // Discard, as documented; the destructor would otherwise commit.
        if (db->writer)
            db->writer->cancel_transaction();
    } catch (...) {
        // The transaction was lost with a failed commit: nothing is left to discard.
    }
    try {
        delete db->reader;  // the writer is the same object when writable
    } catch (...) {
    }
    dalil_analyzer_free(db->analyzer);
    delete db;
}

extern "C" const char *dalil_db_detail(const dalil_db_t *db)
{
    return db ? db->detail.c_str() : "";
}

// ---- Writing ------------------------------------------------------------------------

static dalil_status_t require_writer(dalil_db_t *db)
{
    if (!db->writer)
        return fail(db, DALIL_READ_ONLY, "index '" + db->path + "' is open read-only");
    return DALIL_OK;
}

extern "C" dalil_status_t dalil_db_commit(dalil_db_t *db)
{
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    try {
        // Recorded inside the commit, so that a check after a crash can tell that the
        // index holds exactly the documents of its last commit.
        db->writer->set_metadata(DOCCOUNT_KEY, std::to_string(db->writer->get_doccount()));
        db->writer->commit_transaction();
        db->writer->begin_transaction(true);
        return DALIL_OK;
    } catch (...) {
        dalil_status_t failure = from_exception(db);
        try {
            // A failed commit cancels the transaction: open the next one, so that later
            // changes are still discarded on close unless committed.
            db->writer->begin_transaction(true);
        } catch (...) {
        }
        return failure;
    }
}

extern "C" dalil_status_t dalil_db_doc_count(dalil_db_t *db, uint64_t *count_out)
{
    *count_out = 0;
    try {
        *count_out = db->reader->get_doccount();
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t dalil_db_set_metadata(dalil_db_t *db, const char *key,
                                                const char *value)
{
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    if (!key || !*key || !value)
        return fail(db, DALIL_INVALID_ARGUMENT, "metadata needs a key and a value");
    try {
        db->writer->set_metadata(key, value);
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t dalil_db_get_metadata(dalil_db_t *db, const char *key,
                                                char **value_out)
{
    *value_out = nullptr;
    if (!key || !*key)
        return fail(db, DALIL_INVALID_ARGUMENT, "metadata needs a key");
    try {
        char *value = strdup(db->reader->get_metadata(key).c_str());
        if (!value)
            return fail(db, DALIL_NOMEM, "out of memory");
        *value_out = value;
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

// The unique-id term. Ids longer than a term may be are shortened, and a hash of the
// whole id keeps them unique.
static std::string unique_id_term(const char *unique_id)
{
    std::string term = std::string(DALIL_PREFIX_UNIQUE_ID) + unique_id;
    if (term.size() <= DALIL_MAX_TERM_BYTES)
        return term;
    char hash[24];
    snprintf(hash, sizeof hash, "#%016llx",
             (unsigned long long)XXH3_64bits(unique_id, strlen(unique_id)));
    term.resize(DALIL_MAX_TERM_BYTES - strlen(hash));
    return term + hash;
}

extern "C" dalil_status_t dalil_db_replace_doc(dalil_db_t *db, const char *unique_id,
                                               dalil_doc_t *doc)
{
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    if (!unique_id || !*unique_id)
        return fail(db, DALIL_INVALID_ARGUMENT, "a document needs a unique id");
    try {
        char *data = nullptr;
        size_t len = 0, cap = 0;
        for (const auto &field : doc->fields) {
            status = _dalil_fields_append(&data, &len, &cap, field.first.c_str(),
                                          field.second.data(), field.second.size());
            if (status != DALIL_OK) {
                free(data);
                return fail(db, status, "cannot encode the document's fields");
            }
        }
        // The id term and data join the caller's document only for the call: Xapian reads
        // the document when it is replaced, so it can be reused or freed afterwards.
        std::string id_term = unique_id_term(unique_id);
        doc->document.add_boolean_term(id_term);
        doc->document.set_data(std::string(data ? data : "", len));
        free(data);
        try {
            db->writer->replace_document(id_term, doc->document);
        } catch (...) {
            doc->document.remove_term(id_term);
            throw;
        }
        doc->document.remove_term(id_term);
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t dalil_db_delete_doc(dalil_db_t *db, const char *unique_id)
{
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    if (!unique_id || !*unique_id)
        return fail(db, DALIL_INVALID_ARGUMENT, "a document needs a unique id");
    try {
        std::string id_term = unique_id_term(unique_id);
        if (!db->writer->term_exists(id_term))
            return fail(db, DALIL_NOT_FOUND, std::string("no document '") + unique_id + "'");
        db->writer->delete_document(id_term);
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

// ---- Documents ----------------------------------------------------------------------

extern "C" dalil_status_t dalil_doc_new(dalil_doc_t **doc_out)
{
    *doc_out = new (std::nothrow) dalil_doc_t;
    return *doc_out ? DALIL_OK : DALIL_NOMEM;
}

extern "C" void dalil_doc_free(dalil_doc_t *doc)
{
    delete doc;
}

static bool valid_term(const char *term)
{
    size_t len = term ? strlen(term) : 0;
    return len > 0 && len <= DALIL_MAX_TERM_BYTES;
}

static dalil_status_t doc_status_of_exception()
{
    std::string ignored;
    return status_of_current_exception(ignored);
}

extern "C" dalil_status_t dalil_doc_add_posting(dalil_doc_t *doc, const char *term,
                                                uint32_t position)
{
    if (!valid_term(term) || position == 0)
        return DALIL_INVALID_ARGUMENT;
    try {
        doc->document.add_posting(term, position);
        if (position > doc->last_position)
            doc->last_position = position;
        return DALIL_OK;
    } catch (...) {
        return doc_status_of_exception();
    }
}

extern "C" dalil_status_t dalil_doc_add_term(dalil_doc_t *doc, const char *term)
{
    if (!valid_term(term))
        return DALIL_INVALID_ARGUMENT;
    try {
        doc->document.add_term(term);
        return DALIL_OK;
    } catch (...) {
        return doc_status_of_exception();
    }
}

extern "C" dalil_status_t dalil_doc_set_value(dalil_doc_t *doc, unsigned slot,
                                              const void *bytes, size_t len)
{
    if (slot == Xapian::BAD_VALUENO || (len && !bytes))
        return DALIL_INVALID_ARGUMENT;
    try {
        doc->document.add_value(slot, std::string(static_cast<const char *>(bytes), len));
        return DALIL_OK;
    } catch (...) {
        return doc_status_of_exception();
    }
}

extern "C" dalil_status_t dalil_doc_set_field(dalil_doc_t *doc, const char *name,
                                              const char *value, size_t len)
{
    if (!name || !*name || (len && !value))
        return DALIL_INVALID_ARGUMENT;
    try {
        doc->fields[name] = std::string(value ? value : "", len);
        return DALIL_OK;
    } catch (...) {
        return doc_status_of_exception();
    }
}

struct index_text_context {
    dalil_doc_t *doc;
    uint32_t base;
    dalil_status_t status;
};

static int add_token_posting(void *ctx, const dalil_token_t *token)
{
    index_text_context *c = static_cast<index_text_context *>(ctx);
    for (size_t i = 0; i < token->n_forms && c->status == DALIL_OK; i++) {
        const dalil_form_t *form = &token->forms[i];
        c->status = form->positional
                        ? dalil_doc_add_posting(c->doc, form->term, c->base + token->position)
                        : dalil_doc_add_term(c->doc, form->term);
    }
    return c->status != DALIL_OK;
}

extern "C" dalil_status_t dalil_doc_index_text(dalil_doc_t *doc, dalil_analyzer_t *analyzer,
                                               const char *text, size_t len)
{
    uint32_t base = doc->last_position ? doc->last_position + DALIL_TEXT_POSITION_GAP : 0;
    index_text_context ctx = {doc, base, DALIL_OK};
    dalil_status_t status = dalil_analyze(analyzer, text, len, add_token_posting, &ctx);
    return status != DALIL_OK ? status : ctx.status;
}

// ---- Searching ----------------------------------------------------------------------

static Xapian::Query::op xapian_op(_dalil_qop_t op)
{
    switch (op) {
    case _DALIL_Q_AND: return Xapian::Query::OP_AND;
    case _DALIL_Q_OR: return Xapian::Query::OP_OR;
    case _DALIL_Q_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case _DALIL_Q_PHRASE: return Xapian::Query::OP_PHRASE;
    case _DALIL_Q_NEAR: return Xapian::Query::OP_NEAR;
    case _DALIL_Q_MAX: return Xapian::Query::OP_MAX;
    case _DALIL_Q_SYNONYM: return Xapian::Query::OP_SYNONYM;
    case _DALIL_Q_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case _DALIL_Q_FILTER: return Xapian::Query::OP_FILTER;
    case _DALIL_Q_TERM:
    case _DALIL_Q_SCALE:
    case _DALIL_Q_MATCH_ALL:
    case _DALIL_Q_WILDCARD:
    case _DALIL_Q_VALUE_RANGE: break;
    }
    throw Xapian::InvalidArgumentError("query node has no Xapian operator");
}

static Xapian::Query leaf_to_xapian(const _dalil_query_t *q);
static Xapian::Query max_to_xapian(const _dalil_query_t *q, bool below_or);

// below_or: an OR or AND_MAYBE is above q (see max_to_xapian).
static Xapian::Query to_xapian(const _dalil_query_t *q, bool below_or = false)
{
    if (q->op == _DALIL_Q_TERM || q->op == _DALIL_Q_MATCH_ALL || q->op == _DALIL_Q_WILDCARD ||
        q->op == _DALIL_Q_VALUE_RANGE)
        return leaf_to_xapian(q);
    if (q->op == _DALIL_Q_MAX)
        return max_to_xapian(q, below_or);
    below_or = below_or || q->op == _DALIL_Q_OR || q->op == _DALIL_Q_AND_MAYBE;
    std::vector<Xapian::Query> subs;
    subs.reserve(q->n_subs);
    for (size_t i = 0; i < q->n_subs; i++)
        subs.push_back(to_xapian(q->subs[i], below_or));
    if (q->op == _DALIL_Q_SCALE) {
        if (subs.size() != 1)
            throw Xapian::InvalidArgumentError("a scaled query has exactly one subquery");
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, subs[0], q->factor);
    }
    return Xapian::Query(xapian_op(q->op), subs.begin(), subs.end(), q->window);
}

// The hits' stored data is read in docid order, the order of the table's keys, so that
// the table's cursor keeps the blocks that consecutive reads share.
static void fill_hits(const Xapian::Database &db, const Xapian::MSet &mset, dalil_hits_t *hits)
{
    hits->estimate = mset.get_matches_estimated();
    hits->lower = mset.get_matches_lower_bound();
    hits->upper = mset.get_matches_upper_bound();
    std::multimap<Xapian::docid, size_t> order; // docid -> rank
    for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m) {
        _dalil_hit_t *hit = &hits->items[hits->count];
        hit->docid = *m;
        hit->weight = m.get_weight();
        order.emplace(*m, hits->count++);
    }
    for (const auto &entry : order) {
        _dalil_hit_t *hit = &hits->items[entry.second];
        std::string data = db.get_document(entry.first, Xapian::DOC_ASSUME_VALID).get_data();
        hit->data = static_cast<char *>(malloc(data.size() + 1));
        if (!hit->data)
            throw std::bad_alloc();
        memcpy(hit->data, data.data(), data.size());
        hit->data[data.size()] = '\0';
        hit->data_len = data.size();
    }
}

// ---- Analyzer configured from the index (issue 3) -----------------------------------
// The alias table in force ("" for the shipped one) and the analyzer version are index
// metadata, so that every analyzer made for an index indexes and queries alike.
static const char ALIASES_KEY[] = "dalil.aliases";
static const char ANALYZER_VERSION_KEY[] = "dalil.analyzer_version";

// An analyzer for `table`; on a bad table the detail (naming the line) goes on `db`.
static dalil_status_t analyzer_for_table(dalil_db_t *db, const std::string &table,
                                         dalil_analyzer_t **analyzer_out)
{
    char *error = nullptr;
    dalil_status_t status =
        _dalil_analyzer_new_with_aliases(table.data(), table.size(), analyzer_out, &error);
    if (status == DALIL_OK)
        return DALIL_OK;
    std::string detail = error ? error : "cannot set up the analyzer";
    free(error);
    return fail(db, status, detail);
}

extern "C" dalil_status_t dalil_db_set_aliases(dalil_db_t *db, const char *tsv, int *changed_out)
{
    if (changed_out)
        *changed_out = 0;
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    try {
        std::string table = tsv ? tsv : "";
        dalil_analyzer_t *check = nullptr;
        status = analyzer_for_table(db, table, &check);
        dalil_analyzer_free(check);
        if (status != DALIL_OK)
            return status;
        bool same = db->writer->get_metadata(ALIASES_KEY) == table &&
                    db->writer->get_metadata(ANALYZER_VERSION_KEY) == DALIL_ANALYZER_VERSION;
        if (same)
            return DALIL_OK;
        db->writer->set_metadata(ALIASES_KEY, table);
        db->writer->set_metadata(ANALYZER_VERSION_KEY, DALIL_ANALYZER_VERSION);
        if (changed_out)
            *changed_out = db->writer->get_doccount() != 0;
        if (db->analyzer) { // the query analyzer must follow the new table
            dalil_analyzer_free(db->analyzer);
            db->analyzer = nullptr;
        }
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t dalil_analyzer_new_for_db(dalil_db_t *db, dalil_analyzer_t **analyzer_out)
{
    *analyzer_out = nullptr;
    try {
        std::string table = db->reader->get_metadata(ALIASES_KEY);
        dalil_status_t status = analyzer_for_table(db, table, analyzer_out);
        if (status == DALIL_INVALID_ARGUMENT)
            return fail(db, DALIL_CORRUPT, "the index's alias table is unreadable: " + db->detail);
        if (status != DALIL_OK)
            return status;
        // An empty index is built by this analyzer from now on.
        if (db->writer && db->writer->get_doccount() == 0 &&
            db->writer->get_metadata(ANALYZER_VERSION_KEY) != DALIL_ANALYZER_VERSION)
            db->writer->set_metadata(ANALYZER_VERSION_KEY, DALIL_ANALYZER_VERSION);
        return DALIL_OK;
    } catch (...) {
        dalil_analyzer_free(*analyzer_out);
        *analyzer_out = nullptr;
        return from_exception(db);
    }
}

// ---- English stemming for the analyzer (issue 3) ------------------------------------
// Xapian ships the Snowball stemmers; the analyzer (C) reaches them through these.

struct _dalil_stemmer {
    Xapian::Stem stem{"english"};
};

extern "C" _dalil_stemmer_t *_dalil_stemmer_new(void)
{
    try {
        return new _dalil_stemmer();
    } catch (...) {
        return nullptr;
    }
}

extern "C" void _dalil_stemmer_free(_dalil_stemmer_t *stemmer)
{
    delete stemmer;
}

extern "C" size_t _dalil_stem(_dalil_stemmer_t *stemmer, const char *word, size_t len,
                              char *out, size_t cap)
{
    try {
        std::string stem = stemmer->stem(std::string(word, len));
        if (stem.size() + 1 > cap)
            return 0;
        memcpy(out, stem.data(), stem.size());
        out[stem.size()] = '\0';
        return stem.size();
    } catch (...) {
        return 0;
    }
}

extern "C" dalil_status_t _dalil_db_analyzer(dalil_db_t *db, dalil_analyzer_t **analyzer_out)
{
    if (!db->analyzer) {
        dalil_status_t status = dalil_analyzer_new_for_db(db, &db->analyzer);
        if (status != DALIL_OK)
            return status;
    }
    *analyzer_out = db->analyzer;
    return DALIL_OK;
}

// ---- Query language runs: leaves, sorting, exact counts, matching terms, spelling ----
// (issue 5: what dalil-query's query language and output need from Xapian)

// Wildcards expand to at most this many terms, the most frequent ones: a short prefix in
// a large index would otherwise make a query of thousands of terms.
static const Xapian::termcount WILDCARD_MAX_EXPANSION = 256;

static Xapian::Query leaf_to_xapian(const _dalil_query_t *q)
{
    switch (q->op) {
    case _DALIL_Q_TERM:
        return Xapian::Query(q->term);
    case _DALIL_Q_MATCH_ALL:
        return Xapian::Query::MatchAll;
    case _DALIL_Q_WILDCARD:
        return Xapian::Query(Xapian::Query::OP_WILDCARD, q->term, WILDCARD_MAX_EXPANSION,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    case _DALIL_Q_VALUE_RANGE: {
        bool has_low = q->term && *q->term, has_high = q->upper && *q->upper;
        if (has_low && has_high)
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, q->slot, q->term, q->upper);
        if (has_low)
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, q->slot, q->term);
        if (has_high)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, q->slot, q->upper);
        return Xapian::Query::MatchAll;
    }
    default:
        break;
    }
    throw Xapian::InvalidArgumentError("query node is not a leaf");
}

// Xapian 1.4.22 crashes in get_mset (a null read in its matcher) when one term appears
// twice under an OP_MAX that is itself under OP_OR, with a page smaller than the matches:
// MAX(SCALE(oil), SYNONYM(oil, XVoil)) OR ... does it. A term under MAX counts once anyway
// (the best sub wins), so each term is kept only in the first sub, the best tier, that
// has it. Only OR-like nodes are pruned: a phrase loses no word.
static bool or_like(_dalil_qop_t op)
{
    return op == _DALIL_Q_TERM || op == _DALIL_Q_OR || op == _DALIL_Q_SYNONYM ||
           op == _DALIL_Q_MAX || op == _DALIL_Q_SCALE;
}

static Xapian::Query without_seen_terms(const _dalil_query_t *q, std::vector<std::string> &seen,
                                        bool below_or)
{
    if (!or_like(q->op))
        return to_xapian(q, below_or);
    if (q->op == _DALIL_Q_TERM) {
        for (const std::string &term : seen)
            if (term == q->term)
                return Xapian::Query();
        seen.push_back(q->term);
        return Xapian::Query(q->term);
    }
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < q->n_subs; i++) {
        Xapian::Query sub = without_seen_terms(q->subs[i], seen, below_or);
        if (!sub.empty())
            subs.push_back(sub);
    }
    if (subs.empty())
        return Xapian::Query();
    if (q->op == _DALIL_Q_MAX && below_or)
        return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
    if (q->op == _DALIL_Q_SCALE)
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, subs[0], q->factor);
    return Xapian::Query(xapian_op(q->op), subs.begin(), subs.end());
}

// The tiers of a MAX node, each term kept in the first tier that has it.
static std::vector<Xapian::Query> max_tiers(const _dalil_query_t *q, bool below_or)
{
    std::vector<std::string> seen;
    std::vector<Xapian::Query> tiers;
    for (size_t i = 0; i < q->n_subs; i++) {
        Xapian::Query tier = without_seen_terms(q->subs[i], seen, below_or);
        if (!tier.empty())
            tiers.push_back(tier);
    }
    return tiers;
}

// Xapian 1.4.22 also crashes on OP_MAX with distinct terms anywhere below an OP_OR
// ("music OR market god" over bbc + news20, when each word was a MAX of its tiers): its
// matcher turns ORs into other operators as it goes, and MAX does not survive that. Words
// no longer use MAX (lib/expand.c); phrases and names of several words still do, and
// below an OR (or AND_MAYBE) their tiers are therefore joined by OR: the same documents
// match, and one found in several forms adds their weights instead of keeping the best.
// Elsewhere MAX is kept, but for a search over several indexes (_dalil_store_run).
static Xapian::Query max_to_xapian(const _dalil_query_t *q, bool below_or)
{
    std::vector<Xapian::Query> tiers = max_tiers(q, below_or);
    return Xapian::Query(below_or ? Xapian::Query::OP_OR : Xapian::Query::OP_MAX, tiers.begin(),
                         tiers.end());
}

static char *copy_string(const std::string &text)
{
    char *copy = static_cast<char *>(malloc(text.size() + 1));
    if (!copy)
        throw std::bad_alloc();
    memcpy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    return copy;
}

// The hit's matching terms, sorted: Xapian returns them in term order already.
static void fill_matching_terms(const Xapian::Enquire &enquire, const Xapian::MSetIterator &m,
                                _dalil_hit_t *hit)
{
    std::vector<std::string> terms(enquire.get_matching_terms_begin(m),
                                   enquire.get_matching_terms_end(m));
    if (terms.empty())
        return;
    hit->terms = static_cast<char **>(calloc(terms.size(), sizeof(char *)));
    if (!hit->terms)
        throw std::bad_alloc();
    for (const std::string &term : terms)
        hit->terms[hit->n_terms++] = copy_string(term);
}

// BM25 with k1 = 2.5 and b = 0.85 (Xapian's defaults are 1.0 and 0.5), tuned on Cranfield
// and SciFact's train judgments only (bench/quality; docs/ranking.md has the tables):
// with each word one term over its forms, 2.5/0.85 led both sets; Xapian's defaults
// cost 0.02 on Cranfield.
static const Xapian::BM25Weight RANKING(2.5, 0, 1, 0.85, 0.5);

static void run_query(dalil_db_t *db, const Xapian::Query &query, const _dalil_run_t *run,
                      dalil_hits_t *hits)
{
    Xapian::Enquire enquire(*db->reader);
    enquire.set_query(query);
    enquire.set_weighting_scheme(RANKING);
    if (run->sort == DALIL_SORT_DATE || run->sort == DALIL_SORT_DATE_DESC)
        enquire.set_sort_by_value_then_relevance(DALIL_SLOT_DATE, run->sort == DALIL_SORT_DATE_DESC);
    // Checking every document is what makes the count exact rather than estimated.
    Xapian::doccount check_at_least = run->exact_count ? db->reader->get_doccount() : 0;
    Xapian::MSet mset = enquire.get_mset(run->offset, run->limit, check_at_least);
    hits->items = static_cast<_dalil_hit_t *>(calloc(mset.size() ? mset.size() : 1, sizeof(_dalil_hit_t)));
    if (!hits->items)
        throw std::bad_alloc();
    hits->offset = run->offset;
    fill_hits(*db->reader, mset, hits);
    if (run->matching_terms) {
        size_t i = 0;
        for (Xapian::MSetIterator m = mset.begin(); m != mset.end(); ++m, ++i)
            fill_matching_terms(enquire, m, &hits->items[i]);
    }
}

extern "C" dalil_status_t _dalil_store_run(dalil_db_t *db, const _dalil_query_t *query,
                                           const _dalil_run_t *run, dalil_hits_t **hits_out)
{
    *hits_out = nullptr;
    dalil_hits_t *hits = static_cast<dalil_hits_t *>(calloc(1, sizeof *hits));
    if (!hits)
        return fail(db, DALIL_NOMEM, "out of memory");
    try {
        // Over several indexes, Xapian 1.4.22 crashes on OP_MAX of phrases too ("the army"
        // over the sample corpus and another index): MAX is then OR, as below an OR.
        Xapian::Query xq = to_xapian(query, db->reader->size() > 1);
        try {
            run_query(db, xq, run, hits);
        } catch (const Xapian::DatabaseModifiedError &) {
            // A writer committed twice while we read: reopen at the newest commit, once.
            dalil_hits_free(hits);
            hits = static_cast<dalil_hits_t *>(calloc(1, sizeof *hits));
            if (!hits)
                throw std::bad_alloc();
            db->reader->reopen();
            run_query(db, xq, run, hits);
        }
        *hits_out = hits;
        return DALIL_OK;
    } catch (...) {
        dalil_hits_free(hits);
        return from_exception(db);
    }
}

extern "C" dalil_status_t _dalil_db_add_spelling(dalil_db_t *db, const char *word,
                                                 unsigned increment)
{
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    if (!valid_term(word) || increment == 0)
        return fail(db, DALIL_INVALID_ARGUMENT, "a spelling needs a word");
    try {
        db->writer->add_spelling(word, increment);
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t _dalil_db_term_freq(dalil_db_t *db, const char *term,
                                              uint64_t *freq_out)
{
    *freq_out = 0;
    try {
        *freq_out = db->reader->get_termfreq(term ? term : "");
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t _dalil_db_positions(dalil_db_t *db, uint64_t docid, const char *term,
                                              uint32_t **positions_out, size_t *n_out)
{
    *positions_out = nullptr;
    *n_out = 0;
    std::vector<uint32_t> positions;
    try {
        if (!valid_term(term))
            return DALIL_OK; // no such term is indexed
        for (Xapian::PositionIterator p = db->reader->positionlist_begin(docid, term);
             p != db->reader->positionlist_end(docid, term); ++p)
            positions.push_back(*p);
    } catch (...) {
        return from_exception(db);
    }
    if (positions.empty())
        return DALIL_OK;
    *positions_out = static_cast<uint32_t *>(malloc(positions.size() * sizeof(uint32_t)));
    if (!*positions_out)
        return fail(db, DALIL_NOMEM, "out of memory");
    memcpy(*positions_out, positions.data(), positions.size() * sizeof(uint32_t));
    *n_out = positions.size();
    return DALIL_OK;
}

// Each lookup of a position list opens a new cursor on the position table, which reads
// the blocks down to its leaf again (two, at this index's size), whether or not the
// document has the term. So each term's posting list is walked once over the documents,
// in docid order, and only the documents that have the term are looked up: `government`
// over ten hits read 81 blocks of the position table hit by hit, `economy NOT shares` 161.
extern "C" dalil_status_t _dalil_db_positions_many(dalil_db_t *db, const uint64_t *docids,
                                                   size_t n_docs, char *const *terms,
                                                   size_t n_terms, uint32_t **positions,
                                                   size_t *counts)
{
    for (size_t k = 0; k < n_docs * n_terms; k++) {
        positions[k] = nullptr;
        counts[k] = 0;
    }
    try {
        std::multimap<Xapian::docid, size_t> order; // docid -> its index in docids
        for (size_t d = 0; d < n_docs; d++)
            if (docids[d] != 0 && docids[d] <= Xapian::docid(-1))
                order.emplace(Xapian::docid(docids[d]), d);
        std::vector<uint32_t> found;
        for (size_t t = 0; t < n_terms; t++) {
            if (!terms[t] || !valid_term(terms[t]))
                continue;
            Xapian::PostingIterator post = db->reader->postlist_begin(terms[t]);
            Xapian::PostingIterator post_end = db->reader->postlist_end(terms[t]);
            for (const auto &entry : order) {
                if (post == post_end)
                    break;
                post.skip_to(entry.first);
                if (post == post_end || *post != entry.first)
                    continue;
                found.assign(post.positionlist_begin(), post.positionlist_end());
                if (found.empty())
                    continue;
                size_t k = entry.second * n_terms + t;
                positions[k] = static_cast<uint32_t *>(malloc(found.size() * sizeof(uint32_t)));
                if (!positions[k])
                    throw std::bad_alloc();
                memcpy(positions[k], found.data(), found.size() * sizeof(uint32_t));
                counts[k] = found.size();
            }
        }
        return DALIL_OK;
    } catch (...) {
        for (size_t k = 0; k < n_docs * n_terms; k++) {
            free(positions[k]);
            positions[k] = nullptr;
            counts[k] = 0;
        }
        return from_exception(db);
    }
}

extern "C" dalil_status_t _dalil_db_spelling(dalil_db_t *db, const char *word,
                                             char **suggestion_out)
{
    *suggestion_out = nullptr;
    if (!valid_term(word))
        return fail(db, DALIL_INVALID_ARGUMENT, "a spelling needs a word");
    try {
        *suggestion_out = copy_string(db->reader->get_spelling_suggestion(word));
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

// ---- Incremental indexing: file stamps, deletion by docid, titles ---------------------

extern "C" dalil_status_t _dalil_db_each_value(dalil_db_t *db, unsigned slot,
                                               _dalil_value_fn fn, void *ctx)
{
    try {
        for (Xapian::ValueIterator v = db->reader->valuestream_begin(slot);
             v != db->reader->valuestream_end(slot); ++v) {
            std::string value = *v;
            if (fn(ctx, v.get_docid(), value.data(), value.size()))
                break;
        }
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t _dalil_db_delete_docid(dalil_db_t *db, uint64_t docid)
{
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    if (docid == 0 || docid > Xapian::docid(-1))
        return fail(db, DALIL_INVALID_ARGUMENT, "no such document id");
    try {
        db->writer->delete_document(Xapian::docid(docid));
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

extern "C" dalil_status_t _dalil_db_set_docid_value(dalil_db_t *db, uint64_t docid,
                                                    unsigned slot, const char *value,
                                                    size_t len)
{
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    if (docid == 0 || docid > Xapian::docid(-1))
        return fail(db, DALIL_INVALID_ARGUMENT, "no such document id");
    try {
        Xapian::Document document = db->writer->get_document(Xapian::docid(docid));
        document.add_value(slot, std::string(value, len));
        db->writer->replace_document(Xapian::docid(docid), document);
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

// Flushes every file of the directory `dir`, and the directory itself, to the disk.
// Xapian's compaction leaves some of its output to the page cache; the merged index must
// be on the disk before it takes the place of the old one.
static bool sync_directory(const std::string &dir)
{
    DIR *d = opendir(dir.c_str());
    if (!d)
        return false;
    bool ok = true;
    while (struct dirent *entry = readdir(d)) {
        if (entry->d_name[0] == '.')
            continue;
        int fd = open((dir + "/" + entry->d_name).c_str(), O_RDONLY | O_CLOEXEC);
        ok = ok && fd >= 0 && fsync(fd) == 0;
        if (fd >= 0)
            close(fd);
    }
    closedir(d);
    int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ok = ok && fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

extern "C" dalil_status_t _dalil_db_merge(dalil_db_t *db, const char *const *shards,
                                          size_t n_shards, const char *output,
                                          uint64_t *doc_count_out)
{
    *doc_count_out = 0;
    dalil_status_t status = require_writer(db);
    if (status != DALIL_OK)
        return status;
    try {
        // The index as of its last commit first, so that its documents keep the lowest
        // ids and its metadata wins over the shards' (Xapian keeps the first source's).
        Xapian::Database sources(db->path);
        for (size_t i = 0; i < n_shards; i++)
            sources.add_database(Xapian::Database(shards[i]));
        sources.compact(output);
        Xapian::WritableDatabase merged(output, Xapian::DB_OPEN);
        *doc_count_out = merged.get_doccount();
        merged.set_metadata(DOCCOUNT_KEY, std::to_string(*doc_count_out));
        merged.commit();
        merged.close();
        if (!sync_directory(output))
            return fail(db, DALIL_IO, std::string("cannot flush '") + output + "' to the disk: " +
                                          strerror(errno));
        return DALIL_OK;
    } catch (...) {
        return from_exception(db);
    }
}

struct index_title_context {
    dalil_doc_t *doc;
    uint32_t base;
    dalil_status_t status;
};

// Each word of a title is indexed as an ordinary word (all its forms) and its exact form
// again under the title prefix, at the same position, so that title: phrases work.
static int add_title_token(void *ctx, const dalil_token_t *token)
{
    index_title_context *c = static_cast<index_title_context *>(ctx);
    index_text_context text = {c->doc, c->base, DALIL_OK};
    add_token_posting(&text, token);
    c->status = text.status;
    if (c->status == DALIL_OK && token->term_len + strlen(DALIL_PREFIX_TITLE) <= DALIL_MAX_TERM_BYTES) {
        std::string term = std::string(DALIL_PREFIX_TITLE) + token->term;
        c->status = dalil_doc_add_posting(c->doc, term.c_str(), c->base + token->position);
    }
    return c->status != DALIL_OK;
}

extern "C" dalil_status_t dalil_doc_index_title(dalil_doc_t *doc, dalil_analyzer_t *analyzer,
                                                const char *text, size_t len)
{
    try {
        uint32_t base = doc->last_position ? doc->last_position + DALIL_TEXT_POSITION_GAP : 0;
        index_title_context ctx = {doc, base, DALIL_OK};
        dalil_status_t status = dalil_analyze(analyzer, text, len, add_title_token, &ctx);
        return status != DALIL_OK ? status : ctx.status;
    } catch (...) {
        return doc_status_of_exception();
    }
}

// ---- Indexing: the terms of a document being built ------------------------------------

extern "C" dalil_status_t _dalil_doc_each_term(dalil_doc_t *doc, _dalil_term_fn fn, void *ctx)
{
    try {
        for (Xapian::TermIterator t = doc->document.termlist_begin();
             t != doc->document.termlist_end(); ++t) {
            const std::string &term = *t;
            if (fn(ctx, term.data(), term.size(), t.get_wdf()))
                break;
        }
        return DALIL_OK;
    } catch (...) {
        return doc_status_of_exception();
    }
}
