/* The bar for obsctl's engine: a bare libcurl multi loop with N reused easy handles, tuned as
 * FACTS.md measured (no signals, TCP_NODELAY, no proxy look-up, HTTP/1.1), that re-sends each
 * finished request at once. Prints requests/s. No statistics, no schedule: the ceiling.
 *   curl_multi_loop URL CONNECTIONS SECONDS */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t discard(char* p, size_t s, size_t n, void* u) {
    (void)p;
    (void)u;
    return s * n;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s URL CONNECTIONS SECONDS\n", argv[0]);
        return 2;
    }
    const int n = atoi(argv[2]);
    const double seconds = atof(argv[3]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM* multi = curl_multi_init();
    for (int i = 0; i < n; ++i) {
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, argv[1]);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(e, CURLOPT_PROXY, "");
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
        curl_multi_add_handle(multi, e);
    }
    long done = 0;
    const double start = now(), end = start + seconds;
    while (now() < end) {
        int running = 0, left = 0;
        curl_multi_perform(multi, &running);
        CURLMsg* msg;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL* e = msg->easy_handle;
            curl_multi_remove_handle(multi, e);
            if (msg->data.result == CURLE_OK)
                ++done;
            curl_multi_add_handle(multi, e);
        }
        curl_multi_poll(multi, NULL, 0, 10, NULL);
    }
    printf("%.0f\n", (double)done / (now() - start));
    return 0;
}
