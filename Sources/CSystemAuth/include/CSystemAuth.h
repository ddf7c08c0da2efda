#ifndef C_SYSTEM_AUTH_H
#define C_SYSTEM_AUTH_H
/* The sign-in libraries of the operating system, reached from Swift through a small C API:
 *
 *   - GSSAPI (MIT Kerberos, libgssapi_krb5.so.2) for "Negotiate" (SPNEGO) sign-in;
 *   - libldap (OpenLDAP, libldap-2.5.so.0) for a user's groups in the directory.
 *
 * Both are loaded at run time with dlopen, and the declarations of the calls we make are our own (RFC 2744
 * for GSSAPI, the OpenLDAP C API for libldap), so building IMS needs no -dev package, and IMS still starts
 * where a library is absent: the load functions then return a reason and the Swift side turns the feature
 * off with a log line.
 *
 * Memory: every char * / uint8_t * handed out by these functions is malloc'd and is the caller's, to be
 * released with ims_auth_free (or ims_ldap_values_free for a value list). */

#include <stddef.h>
#include <stdint.h>

/* Releases memory handed out by the functions below. NULL is fine. */
void ims_auth_free(void *pointer);

/* ---- GSSAPI ---------------------------------------------------------------------------------------- */

/* Loads the GSSAPI library once per process (thread-safe). Returns NULL when it is ready, otherwise a
 * static text saying why not (library missing, or a call missing from it). */
const char *ims_gss_load(void);

/* The outcome of ims_gss_accept and ims_gss_initiate. */
typedef enum ims_gss_outcome {
    IMS_GSS_COMPLETE = 0,      /* the context is established */
    IMS_GSS_CONTINUE = 1,      /* the mechanism wants another round trip */
    IMS_GSS_FAILED = -1        /* *error says why */
} ims_gss_outcome;

/* Checks that an acceptor credential can be had from the keytab at keytab_path (a file path, or a
 * "FILE:/path" style name). Returns NULL when it can, otherwise a malloc'd reason. */
char *ims_gss_check_keytab(const char *keytab_path);

/* Accepts one context token from an initiator (a browser's SPNEGO token, or a raw Kerberos AP-REQ) with
 * acceptor keys from the keytab at keytab_path. A new context is used for every call and deleted before
 * return, so calls from several threads at once are fine.
 *
 * On IMS_GSS_COMPLETE: *principal is the initiator's name ("alice@IMS.TEST"); *output_token /
 * *output_length is the token for the reply (may be NULL / 0).
 * On IMS_GSS_CONTINUE: *output_token is the token the initiator would need next; no principal.
 * On IMS_GSS_FAILED: *error is a reason built from the GSSAPI major and minor status texts. */
ims_gss_outcome ims_gss_accept(const char *keytab_path,
                               const uint8_t *token, size_t token_length,
                               char **principal,
                               uint8_t **output_token, size_t *output_length,
                               char **error);

/* Makes the first SPNEGO token for the host-based service `service` ("HTTP@localhost"), as a browser
 * does, with the tickets in the credential cache ccache_name ("FILE:/path"), or the default cache
 * (KRB5CCNAME) when ccache_name is NULL. For tests and diagnostics: the server never initiates. */
ims_gss_outcome ims_gss_initiate(const char *service, const char *ccache_name,
                                 uint8_t **token, size_t *token_length,
                                 char **error);

/* ---- LDAP ------------------------------------------------------------------------------------------ */

/* Loads libldap once per process (thread-safe). Returns NULL when ready, otherwise a static reason. */
const char *ims_ldap_load(void);

/* The values of one attribute over every entry a search found. */
typedef struct ims_ldap_values {
    size_t entry_count;  /* entries the search returned */
    size_t count;        /* values in `values` */
    char **values;       /* each NUL-terminated */
} ims_ldap_values;

/* Limits on one search. */
typedef struct ims_ldap_limits {
    int timeout_seconds;   /* for connecting, and for each operation */
    int size_limit;        /* most entries the server may return */
} ims_ldap_limits;

/* Connects to url, binds (simple bind with bind_dn / password; anonymous when bind_dn is NULL), searches
 * the subtree under base with filter, and collects every value of `attribute`. Blocking: call it off any
 * async executor. Returns 0 with *values filled (release with ims_ldap_values_free), otherwise the LDAP
 * result code (or IMS_LDAP_LOCAL_FAILURE) with *error a malloc'd reason. */
int ims_ldap_search_values(const char *url, const char *bind_dn, const char *password,
                           const char *base, const char *filter, const char *attribute,
                           ims_ldap_limits limits,
                           ims_ldap_values *values, char **error);

/* Releases the values of a successful ims_ldap_search_values. */
void ims_ldap_values_free(ims_ldap_values *values);

/* LDAP result codes the Swift side tells apart (values from the OpenLDAP C API), and ours for a failure
 * outside libldap (library missing, out of memory). */
enum {
    IMS_LDAP_SUCCESS = 0,
    IMS_LDAP_SIZELIMIT_EXCEEDED = 4,
    IMS_LDAP_NO_SUCH_OBJECT = 32,
    IMS_LDAP_INVALID_CREDENTIALS = 49,
    IMS_LDAP_SERVER_DOWN = -1,
    IMS_LDAP_TIMEOUT = -5,
    IMS_LDAP_PARAM_ERROR = -9,
    IMS_LDAP_CONNECT_ERROR = -11,
    IMS_LDAP_LOCAL_FAILURE = -1000
};

#endif
