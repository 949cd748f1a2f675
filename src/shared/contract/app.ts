import { channel } from './define'
import { empty } from './common'
import type { AppInfo } from '../models'

export const appChannels = {
  'app.info': channel<AppInfo>()(empty),
}
