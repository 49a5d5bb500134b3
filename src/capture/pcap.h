/* SPDX-License-Identifier: MIT */
/*
 * capture/pcap.h - classic libpcap files: a writer for `tcpdump -w` and a
 * reader for tests and `tcpdump -r`.
 *
 * The format is the one libpcap writes (and tcpdump, tshark and Wireshark
 * read): a 24-byte file header - magic 0xa1b2c3d4 in host byte order,
 * version 2.4, snaplen, LINKTYPE_ETHERNET - then per frame a 16-byte
 * record header (seconds, microseconds, captured length, wire length) and
 * the captured bytes.  See pcap-savefile(5).  Writing uses stdio, so
 * records reach the file when the stream is flushed (tcpdump -U flushes
 * after every frame; vn_pcap_flush() is that).
 */
#ifndef VN_CAPTURE_PCAP_H
#define VN_CAPTURE_PCAP_H

#include <stdio.h>

#include "base/util.h"

#define VN_PCAP_MAGIC 0xa1b2c3d4u	/* microsecond timestamps */
#define VN_PCAP_MAGIC_NSEC 0xa1b23c4du	/* nanosecond timestamps */
#define VN_PCAP_SNAPLEN 262144u		/* tcpdump's default */
#define VN_LINKTYPE_ETHERNET 1
#define VN_PCAP_FILE_HLEN 24
#define VN_PCAP_REC_HLEN 16

struct vn_pcap_writer {
	FILE *f;
	bool own;		/* we opened it: we close it */
	uint32_t snaplen;
	uint64_t n_frames;
};

/**
 * vn_pcap_writer_open() - create (truncate) a pcap file and write its header
 * @w: the writer
 * @path: file name; "-" means standard output
 * @snaplen: bytes kept of each frame; 0 means VN_PCAP_SNAPLEN
 *
 * Context: control path; opens a file.
 * Return: 0 or a negative errno.
 */
int vn_pcap_writer_open(struct vn_pcap_writer *w, const char *path,
			uint32_t snaplen);

/**
 * vn_pcap_writer_init() - write a pcap header to a stream the caller owns
 * @w: the writer
 * @f: an open stream; vn_pcap_writer_close() flushes but does not close it
 * @snaplen: as for vn_pcap_writer_open()
 *
 * Return: 0 or a negative errno.
 */
int vn_pcap_writer_init(struct vn_pcap_writer *w, FILE *f, uint32_t snaplen);

/**
 * vn_pcap_write() - append one frame
 * @w: the writer
 * @frame: the frame from its Ethernet header
 * @len: length of the frame; at most snaplen bytes are stored
 * @sec: timestamp, seconds since the epoch
 * @usec: microseconds
 *
 * Context: packet path; a buffered stdio write, no allocation.
 * Return: 0 or a negative errno (-EIO when the stream failed).
 */
int vn_pcap_write(struct vn_pcap_writer *w, const uint8_t *frame, size_t len,
		  int64_t sec, int32_t usec);

/* Pushes buffered records to the file; 0 or a negative errno. */
int vn_pcap_flush(struct vn_pcap_writer *w);

/* Flushes, closes the file if we opened it; 0 or a negative errno. */
int vn_pcap_writer_close(struct vn_pcap_writer *w);

struct vn_pcap_reader {
	FILE *f;
	bool swapped;		/* written with the other byte order */
	bool nsec;		/* nanosecond stamps (given as usec) */
	uint32_t snaplen;
	uint32_t linktype;
	/* After -EINVAL: libpcap's words for what is wrong with the file. */
	char errmsg[128];
};

struct vn_pcap_record {
	int64_t sec;
	int32_t usec;
	uint32_t caplen;	/* bytes stored (and copied to the buffer) */
	uint32_t len;		/* length on the wire */
};

/**
 * vn_pcap_reader_open() - open a pcap file and check its header
 * @r: the reader
 * @path: file name
 *
 * Accepts both byte orders and both timestamp resolutions.
 * Return: 0, -ENOENT and friends from fopen(), or -EINVAL for a file that
 * is not a classic pcap file (@r->errmsg says why, as libpcap would:
 * "unknown file format", "truncated dump file; ...").
 */
int vn_pcap_reader_open(struct vn_pcap_reader *r, const char *path);

/**
 * vn_pcap_read() - read the next record
 * @r: the reader
 * @rec: filled with the record header
 * @buf: receives the captured bytes
 * @size: bytes at @buf
 *
 * Return: 1 for a record, 0 at the end of the file, -EINVAL for a
 * truncated or corrupt record (@r->errmsg says which, in libpcap's
 * words), -EMSGSIZE if @size is too small.
 */
int vn_pcap_read(struct vn_pcap_reader *r, struct vn_pcap_record *rec,
		 uint8_t *buf, size_t size);

void vn_pcap_reader_close(struct vn_pcap_reader *r);

#endif
