/* no_alias_image.c: the empty image embed_alias_image is linked with, as it makes the
 * real one (lib/aliases.c): the analyzer then analyses the shipped table itself. */
#include <stddef.h>

const unsigned char _dalil_shipped_aliases_image[1];
const size_t _dalil_shipped_aliases_image_len = 0;
