/* The OpenLDAP client library, loaded at run time. The few types, constants and calls we use are declared
 * here from the OpenLDAP C API (ldap.h, lber.h of OpenLDAP 2.4 and 2.5, LP64), so no libldap-dev is needed. */

#include "CSystemAuth.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

/* ---- OpenLDAP declarations ----------------------------------------------------------------------------- */

typedef struct ldap LDAP;
typedef struct ldapmsg LDAPMessage;
typedef struct ldapcontrol LDAPControl;
typedef unsigned long ber_len_t;

struct berval {
    ber_len_t bv_len;
    char *bv_val;
};

#define LDAP_OPT_SIZELIMIT 0x0003
#define LDAP_OPT_REFERRALS 0x0008
#define LDAP_OPT_PROTOCOL_VERSION 0x0011
#define LDAP_OPT_DIAGNOSTIC_MESSAGE 0x0032
#define LDAP_OPT_TIMEOUT 0x5002
#define LDAP_OPT_NETWORK_TIMEOUT 0x5005
#define LDAP_OPT_OFF ((void *)0)
#define LDAP_VERSION3 3
#define LDAP_SCOPE_SUBTREE 2
#define LDAP_SASL_SIMPLE ((char *)0)

static struct {
    int (*initialize)(LDAP **, const char *);
    int (*set_option)(LDAP *, int, const void *);
    int (*get_option)(LDAP *, int, void *);
    int (*sasl_bind_s)(LDAP *, const char *, const char *, struct berval *, LDAPControl **, LDAPControl **,
                       struct berval **);
    int (*search_ext_s)(LDAP *, const char *, int, const char *, char **, int, LDAPControl **, LDAPControl **,
                        struct timeval *, int, LDAPMessage **);
    LDAPMessage *(*first_entry)(LDAP *, LDAPMessage *);
    LDAPMessage *(*next_entry)(LDAP *, LDAPMessage *);
    struct berval **(*get_values_len)(LDAP *, LDAPMessage *, const char *);
    void (*value_free_len)(struct berval **);
    int (*msgfree)(LDAPMessage *);
    int (*unbind_ext_s)(LDAP *, LDAPControl **, LDAPControl **);
    char *(*err2string)(int);
    void (*memfree)(void *);
} ldap;

static pthread_once_t ldap_once = PTHREAD_ONCE_INIT;
static const char *ldap_load_error = NULL;
static char ldap_load_error_text[512];

static void ldap_load_once(void) {
    /* 2.5 is Debian 12 / Ubuntu 22.04 and later; libldap.so.2 is OpenLDAP 2.6; libldap.so a -dev symlink. */
    static const char *const names[] = {"libldap-2.5.so.0", "libldap.so.2", "libldap-2.4.so.2", "libldap.so"};
    void *library = NULL;
    char why[256] = "";  /* the first name's failure: the one an operator will look for */
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        const char *error = library == NULL ? dlerror() : NULL;
        if (error != NULL && why[0] == '\0') snprintf(why, sizeof why, "%s", error);
    }
    if (library == NULL) {
        snprintf(ldap_load_error_text, sizeof ldap_load_error_text,
                 "cannot load libldap-2.5.so.0 or libldap.so.2 (OpenLDAP client library; Debian/Ubuntu package "
                 "libldap-2.5-0 or libldap2): %s",
                 why[0] ? why : "not found");
        ldap_load_error = ldap_load_error_text;
        return;
    }
#define FIND(field, symbol)                                                                                    \
    do {                                                                                                       \
        *(void **)(&ldap.field) = dlsym(library, symbol);                                                      \
        if (ldap.field == NULL) {                                                                              \
            snprintf(ldap_load_error_text, sizeof ldap_load_error_text, "libldap has no %s", symbol);           \
            ldap_load_error = ldap_load_error_text;                                                            \
            return;                                                                                            \
        }                                                                                                      \
    } while (0)
    FIND(initialize, "ldap_initialize");
    FIND(set_option, "ldap_set_option");
    FIND(get_option, "ldap_get_option");
    FIND(sasl_bind_s, "ldap_sasl_bind_s");
    FIND(search_ext_s, "ldap_search_ext_s");
    FIND(first_entry, "ldap_first_entry");
    FIND(next_entry, "ldap_next_entry");
    FIND(get_values_len, "ldap_get_values_len");
    FIND(value_free_len, "ldap_value_free_len");
    FIND(msgfree, "ldap_msgfree");
    FIND(unbind_ext_s, "ldap_unbind_ext_s");
    FIND(err2string, "ldap_err2string");
    FIND(memfree, "ldap_memfree");
#undef FIND
}

const char *ims_ldap_load(void) {
    pthread_once(&ldap_once, ldap_load_once);
    return ldap_load_error;
}

/* ---- Helpers ------------------------------------------------------------------------------------------ */

static char *copy_text(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

/* "<doing>: <ldap_err2string> (<server's diagnostic message>)", malloc'd. */
static char *ldap_failure(LDAP *connection, const char *doing, int code) {
    char *diagnostic = NULL;
    if (connection != NULL) ldap.get_option(connection, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
    char buffer[1024];
    if (diagnostic != NULL && diagnostic[0] != '\0') {
        snprintf(buffer, sizeof buffer, "%s: %s (%s)", doing, ldap.err2string(code), diagnostic);
    } else {
        snprintf(buffer, sizeof buffer, "%s: %s", doing, ldap.err2string(code));
    }
    if (diagnostic != NULL) ldap.memfree(diagnostic);
    return copy_text(buffer);
}

/* Appends a copy of one value; grows the list as needed. Returns 0, or -1 when memory ran out. */
static int append_value(ims_ldap_values *values, size_t *capacity, const struct berval *value) {
    if (values->count == *capacity) {
        size_t grown = *capacity == 0 ? 8 : *capacity * 2;
        char **larger = realloc(values->values, grown * sizeof(char *));
        if (larger == NULL) return -1;
        values->values = larger;
        *capacity = grown;
    }
    char *copy = malloc(value->bv_len + 1);
    if (copy == NULL) return -1;
    memcpy(copy, value->bv_val, value->bv_len);
    copy[value->bv_len] = '\0';
    values->values[values->count++] = copy;
    return 0;
}

/* Collects every value of attribute over the entries of result. Returns 0, or -1 when memory ran out. */
static int collect(LDAP *connection, LDAPMessage *result, const char *attribute, ims_ldap_values *values) {
    size_t capacity = 0;
    for (LDAPMessage *entry = ldap.first_entry(connection, result); entry != NULL;
         entry = ldap.next_entry(connection, entry)) {
        values->entry_count++;
        struct berval **found = ldap.get_values_len(connection, entry, attribute);
        if (found == NULL) continue;
        for (size_t i = 0; found[i] != NULL; i++) {
            if (append_value(values, &capacity, found[i]) != 0) {
                ldap.value_free_len(found);
                return -1;
            }
        }
        ldap.value_free_len(found);
    }
    return 0;
}

/* ---- Public API --------------------------------------------------------------------------------------- */

void ims_ldap_values_free(ims_ldap_values *values) {
    if (values == NULL) return;
    for (size_t i = 0; i < values->count; i++) free(values->values[i]);
    free(values->values);
    values->values = NULL;
    values->count = 0;
    values->entry_count = 0;
}

int ims_ldap_search_values(const char *url, const char *bind_dn, const char *password, const char *base,
                           const char *filter, const char *attribute, ims_ldap_limits limits,
                           ims_ldap_values *values, char **error) {
    memset(values, 0, sizeof *values);
    *error = NULL;
    const char *load_error = ims_ldap_load();
    if (load_error != NULL) {
        *error = copy_text(load_error);
        return IMS_LDAP_LOCAL_FAILURE;
    }

    LDAP *connection = NULL;
    int code = ldap.initialize(&connection, url);
    if (code != IMS_LDAP_SUCCESS) {
        *error = ldap_failure(NULL, "bad directory URL", code);
        return code;
    }

    /* LDAPv3; no chasing of referrals (Active Directory hands them out for other domains, and following
       them would bind anonymously elsewhere); a timeout on connecting and on every operation. */
    int version = LDAP_VERSION3;
    struct timeval timeout = {limits.timeout_seconds, 0};
    int size_limit = limits.size_limit;
    if ((code = ldap.set_option(connection, LDAP_OPT_PROTOCOL_VERSION, &version)) != IMS_LDAP_SUCCESS ||
        (code = ldap.set_option(connection, LDAP_OPT_REFERRALS, LDAP_OPT_OFF)) != IMS_LDAP_SUCCESS ||
        (code = ldap.set_option(connection, LDAP_OPT_NETWORK_TIMEOUT, &timeout)) != IMS_LDAP_SUCCESS ||
        (code = ldap.set_option(connection, LDAP_OPT_TIMEOUT, &timeout)) != IMS_LDAP_SUCCESS ||
        (code = ldap.set_option(connection, LDAP_OPT_SIZELIMIT, &size_limit)) != IMS_LDAP_SUCCESS) {
        *error = ldap_failure(connection, "cannot set LDAP options", code);
        ldap.unbind_ext_s(connection, NULL, NULL);
        return code;
    }

    if (bind_dn != NULL) {
        struct berval credentials = {password ? strlen(password) : 0, (char *)(password ? password : "")};
        code = ldap.sasl_bind_s(connection, bind_dn, LDAP_SASL_SIMPLE, &credentials, NULL, NULL, NULL);
        if (code != IMS_LDAP_SUCCESS) {
            *error = ldap_failure(connection, "cannot bind to the directory", code);
            ldap.unbind_ext_s(connection, NULL, NULL);
            return code;
        }
    }

    char *attributes[] = {(char *)attribute, NULL};
    LDAPMessage *result = NULL;
    code = ldap.search_ext_s(connection, base, LDAP_SCOPE_SUBTREE, filter, attributes, 0, NULL, NULL, &timeout,
                             size_limit, &result);
    if (code != IMS_LDAP_SUCCESS) {
        *error = ldap_failure(connection, "directory search failed", code);
        if (result != NULL) ldap.msgfree(result);
        ldap.unbind_ext_s(connection, NULL, NULL);
        return code;
    }
    int collected = collect(connection, result, attribute, values);
    ldap.msgfree(result);
    ldap.unbind_ext_s(connection, NULL, NULL);
    if (collected != 0) {
        ims_ldap_values_free(values);
        *error = copy_text("out of memory reading the directory's answer");
        return IMS_LDAP_LOCAL_FAILURE;
    }
    return IMS_LDAP_SUCCESS;
}
