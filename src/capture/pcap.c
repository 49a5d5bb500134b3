// SPDX-License-Identifier: MIT
/*
 * capture/pcap.c - classic pcap file writer and reader (pcap-savefile(5)).
 *
 * Sits at the end of a capture: the `tcpdump -w` sink gets every frame a
 * device sees and appends it here.  The files are what libpcap's
 * pcap_dump() writes: header fields in host byte order (readers detect the
 * order from the magic), microsecond timestamps, LINKTYPE_ETHERNET and
 * tcpdump's default snaplen, so `tcpdump -r` and `tshark -r` read them.
 */
#include <errno.h>
#include <stdio.h>

#include "capture/pcap.h"

static int write_all(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -EIO;
}

int vn_pcap_writer_init(struct vn_pcap_writer *w, FILE *f, uint32_t snaplen)
{
	/* struct pcap_file_header, host byte order as libpcap writes it. */
	uint32_t hdr[6] = {
		VN_PCAP_MAGIC,
		0,		/* version 2.4, filled below */
		0,		/* thiszone */
		0,		/* sigfigs */
		snaplen ? snaplen : VN_PCAP_SNAPLEN,
		VN_LINKTYPE_ETHERNET,
	};
	uint16_t ver[2] = { 2, 4 };

	memcpy(&hdr[1], ver, sizeof(ver));
	w->f = f;
	w->own = false;
	w->snaplen = hdr[4];
	w->n_frames = 0;
	return write_all(f, hdr, sizeof(hdr));
}

int vn_pcap_writer_open(struct vn_pcap_writer *w, const char *path,
			uint32_t snaplen)
{
	FILE *f;
	int err;

	if (strcmp(path, "-") == 0)
		return vn_pcap_writer_init(w, stdout, snaplen);
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	err = vn_pcap_writer_init(w, f, snaplen);
	if (err) {
		fclose(f);
		w->f = NULL;
		return err;
	}
	w->own = true;
	return 0;
}

int vn_pcap_write(struct vn_pcap_writer *w, const uint8_t *frame, size_t len,
		  int64_t sec, int32_t usec)
{
	uint32_t caplen = (uint32_t)VN_MIN(len, (size_t)w->snaplen);
	uint32_t rec[4] = {
		(uint32_t)sec,
		(uint32_t)usec,
		caplen,
		(uint32_t)VN_MIN(len, (size_t)UINT32_MAX),
	};
	int err;

	err = write_all(w->f, rec, sizeof(rec));
	if (!err && caplen)
		err = write_all(w->f, frame, caplen);
	if (!err)
		w->n_frames++;
	return err;
}

int vn_pcap_flush(struct vn_pcap_writer *w)
{
	return fflush(w->f) == 0 ? 0 : -errno;
}

int vn_pcap_writer_close(struct vn_pcap_writer *w)
{
	int err = 0;

	if (!w->f)
		return 0;
	if (fflush(w->f) != 0)
		err = -errno;
	if (w->own && fclose(w->f) != 0 && !err)
		err = -errno;
	w->f = NULL;
	return err;
}

static uint32_t swap32(uint32_t v)
{
	return __builtin_bswap32(v);
}

int vn_pcap_reader_open(struct vn_pcap_reader *r, const char *path)
{
	uint32_t hdr[6];
	size_t n;

	memset(r, 0, sizeof(*r));
	r->f = fopen(path, "rb");
	if (!r->f)
		return -errno;
	/* libpcap reads the magic number, then the rest of the header. */
	n = fread(hdr, 1, sizeof(hdr), r->f);
	if (n < sizeof(hdr[0])) {
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "truncated dump file; tried to read 4 file header bytes, only got %zu",
			 n);
		goto bad;
	}
	if (n != sizeof(hdr) &&
	    (hdr[0] == VN_PCAP_MAGIC || hdr[0] == VN_PCAP_MAGIC_NSEC ||
	     swap32(hdr[0]) == VN_PCAP_MAGIC ||
	     swap32(hdr[0]) == VN_PCAP_MAGIC_NSEC)) {
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "truncated dump file; tried to read %zu file header bytes, only got %zu",
			 sizeof(hdr), n - sizeof(hdr[0]));
		goto bad;
	}
	if (hdr[0] == 0x0a0d0d0a)
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "pcapng files are not supported (editcap -F pcap converts them)");
	else
		snprintf(r->errmsg, sizeof(r->errmsg), "unknown file format");
	if (n != sizeof(hdr))
		goto bad;
	switch (hdr[0]) {
	case VN_PCAP_MAGIC:
		break;
	case VN_PCAP_MAGIC_NSEC:
		r->nsec = true;
		break;
	default:
		if (swap32(hdr[0]) == VN_PCAP_MAGIC) {
			r->swapped = true;
		} else if (swap32(hdr[0]) == VN_PCAP_MAGIC_NSEC) {
			r->swapped = true;
			r->nsec = true;
		} else {
			goto bad;
		}
	}
	r->snaplen = r->swapped ? swap32(hdr[4]) : hdr[4];
	r->linktype = r->swapped ? swap32(hdr[5]) : hdr[5];
	r->errmsg[0] = '\0';
	return 0;
bad:
	fclose(r->f);
	r->f = NULL;
	return -EINVAL;
}

int vn_pcap_read(struct vn_pcap_reader *r, struct vn_pcap_record *rec,
		 uint8_t *buf, size_t size)
{
	uint32_t h[4];
	size_t n;

	n = fread(h, 1, sizeof(h), r->f);
	if (n == 0 && feof(r->f))
		return 0;
	if (n != sizeof(h)) {
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "truncated dump file; tried to read %zu header bytes, only got %zu",
			 sizeof(h), n);
		return -EINVAL;
	}
	if (r->swapped)
		for (int i = 0; i < 4; i++)
			h[i] = swap32(h[i]);
	rec->sec = h[0];
	rec->usec = (int32_t)(r->nsec ? h[1] / 1000 : h[1]);
	rec->caplen = h[2];
	rec->len = h[3];
	/* libpcap refuses records larger than its maximum snapshot. */
	if (rec->caplen > VN_PCAP_SNAPLEN) {
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "invalid packet capture length %u, bigger than maximum of %u",
			 rec->caplen, VN_PCAP_SNAPLEN);
		return -EINVAL;
	}
	if (rec->caplen > size)
		return -EMSGSIZE;
	n = fread(buf, 1, rec->caplen, r->f);
	if (n != rec->caplen) {
		snprintf(r->errmsg, sizeof(r->errmsg),
			 "truncated dump file; tried to read %u captured bytes, only got %zu",
			 rec->caplen, n);
		return -EINVAL;
	}
	return 1;
}

void vn_pcap_reader_close(struct vn_pcap_reader *r)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
}
