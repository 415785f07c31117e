#pragma once

#include <cstdint>
#include <string>

#include "load/http1_response.hpp"
#include "load/transport.hpp"

namespace load {

/// One keep-alive connection of an Http1Transport, and the request it carries. Lives in the
/// transport's fixed pool (never moves), always on exactly one of its lists through `link`:
/// closed (no socket), idle (open, LIFO) or in flight (send order = deadline order).
struct Http1Connection {
    enum class Phase : std::uint8_t { closed, idle, connecting, active };
    struct Link {
        Http1Connection* prev = nullptr;
        Http1Connection* next = nullptr;
    };

    int fd = -1;
    Phase phase = Phase::closed;
    bool watching_out = false;  ///< EPOLLOUT registered: a write is unfinished, or connecting
    bool head = false;          ///< a HEAD request: its answer has no body
    bool reused = false;        ///< the request went out on a connection that had answered before
    bool resent = false;        ///< already sent again once after a stale keep-alive close
    std::uint32_t generation = 0;  ///< bumped per socket: events of an older one are ignored
    std::uint32_t tag = 0;
    unsigned tries = 0;                  ///< addresses tried for this request
    unsigned address = 0;                ///< which of the target's addresses the socket connects to
    const std::string* bytes = nullptr;  ///< the whole request (static, or `own`)
    std::size_t written = 0;
    std::string own;  ///< a templated request's bytes: the capacity is reused
    ResponseParser parser;
    Clock::time_point deadline, connect_deadline;
    Link link, connecting_link;

    std::size_t unwritten() const { return bytes->size() - written; }
};

/// An intrusive doubly linked list of connections through the member `L`: O(1) push, pop and
/// removal, no allocation.
template <Http1Connection::Link Http1Connection::*L>
class Http1List {
  public:
    Http1Connection* front() const { return m_head; }
    bool empty() const { return m_head == nullptr; }
    void push_back(Http1Connection* c) {
        (c->*L).prev = m_tail;
        (c->*L).next = nullptr;
        (m_tail != nullptr ? (m_tail->*L).next : m_head) = c;
        m_tail = c;
    }
    void push_front(Http1Connection* c) {
        (c->*L).prev = nullptr;
        (c->*L).next = m_head;
        (m_head != nullptr ? (m_head->*L).prev : m_tail) = c;
        m_head = c;
    }
    void remove(Http1Connection* c) {
        Http1Connection::Link& l = c->*L;
        if (l.prev == nullptr && m_head != c)
            return;  // not on this list
        (l.prev != nullptr ? (l.prev->*L).next : m_head) = l.next;
        (l.next != nullptr ? (l.next->*L).prev : m_tail) = l.prev;
        l = {};
    }
    Http1Connection* pop_front() {
        Http1Connection* c = m_head;
        if (c != nullptr)
            remove(c);
        return c;
    }

  private:
    Http1Connection* m_head = nullptr;
    Http1Connection* m_tail = nullptr;
};

}  // namespace load
