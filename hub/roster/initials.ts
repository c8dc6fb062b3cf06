/** Pinyin initials of a Chinese name for the kiosk's search (张小明 → zxm), with pinyin-pro's dictionary. */
import { pinyin } from 'pinyin-pro';

export function pinyinInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .slice(0, 16);
}
