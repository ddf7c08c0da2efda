/* GSSAPI (RFC 2744) through the system MIT Kerberos library, loaded at run time. The types and calls below
 * are declared here, from the RFC and MIT's documented ABI on LP64 Linux, so no gssapi.h is needed to build. */

#include "CSystemAuth.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- RFC 2744 declarations ------------------------------------------------------------------------- */

typedef uint32_t OM_uint32;

typedef struct gss_OID_desc_struct {
    OM_uint32 length;
    void *elements;
} gss_OID_desc, *gss_OID;

typedef struct gss_OID_set_desc_struct {
    size_t count;
    gss_OID elements;
} gss_OID_set_desc, *gss_OID_set;

typedef struct gss_buffer_desc_struct {
    size_t length;
    void *value;
} gss_buffer_desc, *gss_buffer_t;

typedef struct gss_name_struct *gss_name_t;
typedef struct gss_cred_id_struct *gss_cred_id_t;
typedef struct gss_ctx_id_struct *gss_ctx_id_t;
typedef struct gss_channel_bindings_struct *gss_channel_bindings_t;
typedef int gss_cred_usage_t;

/* The credential store of gss_acquire_cred_from (MIT extension, krb5 1.11 and later). */
typedef struct gss_key_value_element_struct {
    const char *key;
    const char *value;
} gss_key_value_element_desc;

typedef struct gss_key_value_set_struct {
    OM_uint32 count;
    gss_key_value_element_desc *elements;
} gss_key_value_set_desc;

#define GSS_C_NO_NAME ((gss_name_t)0)
#define GSS_C_NO_CREDENTIAL ((gss_cred_id_t)0)
#define GSS_C_NO_CONTEXT ((gss_ctx_id_t)0)
#define GSS_C_NO_CHANNEL_BINDINGS ((gss_channel_bindings_t)0)
#define GSS_C_NO_OID ((gss_OID)0)
#define GSS_C_NO_OID_SET ((gss_OID_set)0)
#define GSS_C_INDEFINITE ((OM_uint32)0xfffffffful)

#define GSS_C_BOTH 0
#define GSS_C_INITIATE 1
#define GSS_C_ACCEPT 2

#define GSS_C_GSS_CODE 1
#define GSS_C_MECH_CODE 2

#define GSS_C_MUTUAL_FLAG 2
#define GSS_C_SEQUENCE_FLAG 8

#define GSS_S_COMPLETE 0
#define GSS_S_CONTINUE_NEEDED 1
#define GSS_ROUTINE_ERROR_MASK ((OM_uint32)0377ul << 16)
#define GSS_S_FAILURE ((OM_uint32)13ul << 16)
/* GSS_ERROR: any calling or routine error bit set. */
#define GSS_ERROR(status) ((status) & ((OM_uint32)0377ul << 24 | (OM_uint32)0377ul << 16))

/* The OIDs we need, in DER content octets. */
static gss_OID_desc nt_hostbased_service = {10, "\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04"}; /* 1.2.840.113554.1.2.1.4 */
static gss_OID_desc mech_spnego = {6, "\x2b\x06\x01\x05\x05\x02"};                           /* 1.3.6.1.5.5.2 */
static gss_OID_desc mech_krb5 = {9, "\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};                 /* 1.2.840.113554.1.2.2 */

/* ---- The calls, found with dlsym --------------------------------------------------------------------- */

static struct {
    OM_uint32 (*import_name)(OM_uint32 *, gss_buffer_t, gss_OID, gss_name_t *);
    OM_uint32 (*acquire_cred_from)(OM_uint32 *, gss_name_t, OM_uint32, gss_OID_set, gss_cred_usage_t,
                                   const gss_key_value_set_desc *, gss_cred_id_t *, gss_OID_set *, OM_uint32 *);
    OM_uint32 (*accept_sec_context)(OM_uint32 *, gss_ctx_id_t *, gss_cred_id_t, gss_buffer_t,
                                    gss_channel_bindings_t, gss_name_t *, gss_OID *, gss_buffer_t,
                                    OM_uint32 *, OM_uint32 *, gss_cred_id_t *);
    OM_uint32 (*init_sec_context)(OM_uint32 *, gss_cred_id_t, gss_ctx_id_t *, gss_name_t, gss_OID,
                                  OM_uint32, OM_uint32, gss_channel_bindings_t, gss_buffer_t, gss_OID *,
                                  gss_buffer_t, OM_uint32 *, OM_uint32 *);
    OM_uint32 (*display_name)(OM_uint32 *, gss_name_t, gss_buffer_t, gss_OID *);
    OM_uint32 (*display_status)(OM_uint32 *, OM_uint32, int, gss_OID, OM_uint32 *, gss_buffer_t);
    OM_uint32 (*release_name)(OM_uint32 *, gss_name_t *);
    OM_uint32 (*release_cred)(OM_uint32 *, gss_cred_id_t *);
    OM_uint32 (*release_buffer)(OM_uint32 *, gss_buffer_t);
    OM_uint32 (*delete_sec_context)(OM_uint32 *, gss_ctx_id_t *, gss_buffer_t);
} gss;

static pthread_once_t gss_once = PTHREAD_ONCE_INIT;
static const char *gss_load_error = NULL;
static char gss_load_error_text[512];

static void gss_load_once(void) {
    static const char *const names[] = {"libgssapi_krb5.so.2", "libgssapi_krb5.so"};
    void *library = NULL;
    char why[256] = "";  /* the first name's failure: the one an operator will look for */
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        const char *error = library == NULL ? dlerror() : NULL;
        if (error != NULL && why[0] == '\0') snprintf(why, sizeof why, "%s", error);
    }
    if (library == NULL) {
        snprintf(gss_load_error_text, sizeof gss_load_error_text,
                 "cannot load libgssapi_krb5.so.2 (MIT Kerberos GSSAPI; Debian/Ubuntu package libgssapi-krb5-2): %s",
                 why[0] ? why : "not found");
        gss_load_error = gss_load_error_text;
        return;
    }
#define FIND(field, symbol)                                                                                    \
    do {                                                                                                       \
        *(void **)(&gss.field) = dlsym(library, symbol);                                                       \
        if (gss.field == NULL) {                                                                               \
            snprintf(gss_load_error_text, sizeof gss_load_error_text,                                           \
                     "libgssapi_krb5.so.2 has no %s (MIT Kerberos 1.11 or later is needed)", symbol);           \
            gss_load_error = gss_load_error_text;                                                              \
            return;                                                                                            \
        }                                                                                                      \
    } while (0)
    FIND(import_name, "gss_import_name");
    FIND(acquire_cred_from, "gss_acquire_cred_from");
    FIND(accept_sec_context, "gss_accept_sec_context");
    FIND(init_sec_context, "gss_init_sec_context");
    FIND(display_name, "gss_display_name");
    FIND(display_status, "gss_display_status");
    FIND(release_name, "gss_release_name");
    FIND(release_cred, "gss_release_cred");
    FIND(release_buffer, "gss_release_buffer");
    FIND(delete_sec_context, "gss_delete_sec_context");
#undef FIND
    /* The library stays loaded for the life of the process. */
}

const char *ims_gss_load(void) {
    pthread_once(&gss_once, gss_load_once);
    return gss_load_error;
}

void ims_auth_free(void *pointer) { free(pointer); }

/* ---- Helpers ------------------------------------------------------------------------------------------ */

static char *copy_text(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

/* Appends every message of one status code (GSS or mechanism) to out, "; "-separated. */
static void append_status(char *out, size_t capacity, OM_uint32 code, int type) {
    OM_uint32 context = 0;
    int rounds = 0;
    do {
        OM_uint32 minor = 0;
        gss_buffer_desc text = {0, NULL};
        OM_uint32 major = gss.display_status(&minor, code, type, type == GSS_C_MECH_CODE ? &mech_krb5 : GSS_C_NO_OID,
                                             &context, &text);
        if (GSS_ERROR(major)) break;
        size_t used = strlen(out);
        if (text.length > 0 && used + 3 < capacity) {
            snprintf(out + used, capacity - used, "%s%.*s", used > 0 ? "; " : "", (int)text.length,
                     (const char *)text.value);
        }
        gss.release_buffer(&minor, &text);
    } while (context != 0 && ++rounds < 8);
}

/* A malloc'd reason: what we were doing, then GSSAPI's own words for the major and minor status. */
static char *status_text(const char *doing, OM_uint32 major, OM_uint32 minor) {
    char detail[768] = "";
    /* GSS_S_FAILURE only says "see the minor status"; then the minor status alone is the reason. */
    if (minor == 0 || (major & GSS_ROUTINE_ERROR_MASK) != GSS_S_FAILURE) {
        append_status(detail, sizeof detail, major, GSS_C_GSS_CODE);
    }
    if (minor != 0) append_status(detail, sizeof detail, minor, GSS_C_MECH_CODE);
    char buffer[1024];
    snprintf(buffer, sizeof buffer, "%s: %s", doing, detail[0] ? detail : "unspecified GSSAPI failure");
    return copy_text(buffer);
}

/* Copies a GSSAPI buffer into malloc'd memory the caller owns, then releases the GSSAPI one. */
static void take_buffer(gss_buffer_desc *buffer, uint8_t **bytes, size_t *length) {
    *bytes = NULL;
    *length = 0;
    if (buffer->length > 0) {
        *bytes = malloc(buffer->length);
        if (*bytes != NULL) {
            memcpy(*bytes, buffer->value, buffer->length);
            *length = buffer->length;
        }
    }
    OM_uint32 minor = 0;
    gss.release_buffer(&minor, buffer);
}

/* "FILE:/path" stays as it is; a bare path becomes "FILE:path" so that a keytab name with a colon in its
 * folder names is not mistaken for a keytab type. */
static void keytab_name(const char *keytab_path, char *out, size_t capacity) {
    if (strncmp(keytab_path, "FILE:", 5) == 0 || strncmp(keytab_path, "MEMORY:", 7) == 0) {
        snprintf(out, capacity, "%s", keytab_path);
    } else {
        snprintf(out, capacity, "FILE:%s", keytab_path);
    }
}

/* An acceptor credential for any service principal in the keytab. */
static OM_uint32 acquire_acceptor(const char *keytab_path, gss_cred_id_t *credential, OM_uint32 *minor) {
    char name[4096];
    keytab_name(keytab_path, name, sizeof name);
    gss_key_value_element_desc element = {"keytab", name};
    gss_key_value_set_desc store = {1, &element};
    return gss.acquire_cred_from(minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, GSS_C_NO_OID_SET, GSS_C_ACCEPT, &store,
                                 credential, NULL, NULL);
}

/* ---- Public API --------------------------------------------------------------------------------------- */

char *ims_gss_check_keytab(const char *keytab_path) {
    const char *load_error = ims_gss_load();
    if (load_error != NULL) return copy_text(load_error);
    OM_uint32 minor = 0;
    gss_cred_id_t credential = GSS_C_NO_CREDENTIAL;
    OM_uint32 major = acquire_acceptor(keytab_path, &credential, &minor);
    if (GSS_ERROR(major)) return status_text("no acceptor credential from the keytab", major, minor);
    gss.release_cred(&minor, &credential);
    return NULL;
}

ims_gss_outcome ims_gss_accept(const char *keytab_path, const uint8_t *token, size_t token_length,
                               char **principal, uint8_t **output_token, size_t *output_length, char **error) {
    *principal = NULL;
    *output_token = NULL;
    *output_length = 0;
    *error = NULL;
    const char *load_error = ims_gss_load();
    if (load_error != NULL) {
        *error = copy_text(load_error);
        return IMS_GSS_FAILED;
    }
    if (token == NULL || token_length == 0) {
        *error = copy_text("empty token");
        return IMS_GSS_FAILED;
    }

    OM_uint32 minor = 0;
    gss_cred_id_t credential = GSS_C_NO_CREDENTIAL;
    OM_uint32 major = acquire_acceptor(keytab_path, &credential, &minor);
    if (GSS_ERROR(major)) {
        *error = status_text("no acceptor credential from the keytab", major, minor);
        return IMS_GSS_FAILED;
    }

    gss_ctx_id_t context = GSS_C_NO_CONTEXT;
    gss_buffer_desc input = {token_length, (void *)token};
    gss_buffer_desc output = {0, NULL};
    gss_name_t source = GSS_C_NO_NAME;
    gss_OID mech = GSS_C_NO_OID;
    major = gss.accept_sec_context(&minor, &context, credential, &input, GSS_C_NO_CHANNEL_BINDINGS, &source, &mech,
                                   &output, NULL, NULL, NULL);

    ims_gss_outcome outcome;
    if (GSS_ERROR(major)) {
        *error = status_text("token refused", major, minor);
        OM_uint32 ignored = 0;
        gss.release_buffer(&ignored, &output);
        outcome = IMS_GSS_FAILED;
    } else if (major & GSS_S_CONTINUE_NEEDED) {
        take_buffer(&output, output_token, output_length);
        outcome = IMS_GSS_CONTINUE;
    } else {
        gss_buffer_desc display = {0, NULL};
        OM_uint32 display_major = gss.display_name(&minor, source, &display, NULL);
        if (GSS_ERROR(display_major)) {
            *error = status_text("cannot display the initiator's name", display_major, minor);
            OM_uint32 ignored = 0;
            gss.release_buffer(&ignored, &output);
            outcome = IMS_GSS_FAILED;
        } else {
            *principal = malloc(display.length + 1);
            if (*principal != NULL) {
                memcpy(*principal, display.value, display.length);
                (*principal)[display.length] = '\0';
            }
            OM_uint32 ignored = 0;
            gss.release_buffer(&ignored, &display);
            take_buffer(&output, output_token, output_length);
            outcome = *principal != NULL ? IMS_GSS_COMPLETE : IMS_GSS_FAILED;
            if (*principal == NULL) *error = copy_text("out of memory");
        }
    }

    OM_uint32 ignored = 0;
    if (source != GSS_C_NO_NAME) gss.release_name(&ignored, &source);
    if (context != GSS_C_NO_CONTEXT) gss.delete_sec_context(&ignored, &context, NULL);
    gss.release_cred(&ignored, &credential);
    return outcome;
}

ims_gss_outcome ims_gss_initiate(const char *service, const char *ccache_name, uint8_t **token,
                                 size_t *token_length, char **error) {
    *token = NULL;
    *token_length = 0;
    *error = NULL;
    const char *load_error = ims_gss_load();
    if (load_error != NULL) {
        *error = copy_text(load_error);
        return IMS_GSS_FAILED;
    }

    OM_uint32 minor = 0;
    gss_name_t target = GSS_C_NO_NAME;
    gss_buffer_desc service_buffer = {strlen(service), (void *)service};
    OM_uint32 major = gss.import_name(&minor, &service_buffer, &nt_hostbased_service, &target);
    if (GSS_ERROR(major)) {
        *error = status_text("cannot import the service name", major, minor);
        return IMS_GSS_FAILED;
    }

    /* Credentials for SPNEGO from the named cache, or the default one. */
    gss_cred_id_t credential = GSS_C_NO_CREDENTIAL;
    if (ccache_name != NULL) {
        gss_key_value_element_desc element = {"ccache", ccache_name};
        gss_key_value_set_desc store = {1, &element};
        gss_OID_set_desc mechs = {1, &mech_spnego};
        major = gss.acquire_cred_from(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE, &store,
                                      &credential, NULL, NULL);
        if (GSS_ERROR(major)) {
            *error = status_text("no initiator credential from the ticket cache", major, minor);
            OM_uint32 ignored = 0;
            gss.release_name(&ignored, &target);
            return IMS_GSS_FAILED;
        }
    }

    gss_ctx_id_t context = GSS_C_NO_CONTEXT;
    gss_buffer_desc output = {0, NULL};
    major = gss.init_sec_context(&minor, credential, &context, target, &mech_spnego, GSS_C_MUTUAL_FLAG | GSS_C_SEQUENCE_FLAG,
                                 0, GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL, &output, NULL, NULL);
    ims_gss_outcome outcome;
    if (GSS_ERROR(major)) {
        *error = status_text("cannot make a token", major, minor);
        OM_uint32 ignored = 0;
        gss.release_buffer(&ignored, &output);
        outcome = IMS_GSS_FAILED;
    } else {
        /* A first token with mutual authentication asked for is always CONTINUE_NEEDED on the initiator side:
           it waits for the acceptor's reply, which a test does not need to check. */
        take_buffer(&output, token, token_length);
        outcome = (major & GSS_S_CONTINUE_NEEDED) ? IMS_GSS_CONTINUE : IMS_GSS_COMPLETE;
    }

    OM_uint32 ignored = 0;
    if (context != GSS_C_NO_CONTEXT) gss.delete_sec_context(&ignored, &context, NULL);
    if (credential != GSS_C_NO_CREDENTIAL) gss.release_cred(&ignored, &credential);
    gss.release_name(&ignored, &target);
    return outcome;
}
