/**
 * gp3 only: same price per GB as gp2 minus 20 %, with a 3,000 IOPS / 125 MB/s baseline that
 * does not depend on size. Applies to standalone EBS volumes, launch template block devices
 * (node root volumes) and the EBS StorageClasses Kubernetes volumes are provisioned from.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { validateResourceOfType } from "@pulumi/policy";
import type { EdgestackPolicy } from "../types";
import { asArray, asRecord, asString } from "../lib/values";

const EBS_PROVISIONERS = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

export const gp3Only: EdgestackPolicy = {
  name: "aws-storage-require-gp3-volumes",
  description: "EBS volumes, launch template block devices and EBS StorageClasses must use gp3.",
  severity: "low",
  enforcementLevel: "mandatory",
  remediation:
    'Set `type: "gp3"` (aws.ebs.Volume), `ebs.volumeType: "gp3"` (launch template) or `parameters.type: "gp3"` (StorageClass).',
  validateResource: [
    validateResourceOfType(aws.ebs.Volume, (volume, _args, report) => {
      if (volume.type !== "gp3")
        report(`EBS volume must be gp3: \`type\` is ${volume.type ? `"${volume.type}"` : "unset (gp2)"}.`);
    }),
    validateResourceOfType(aws.ec2.LaunchTemplate, (lt, _args, report) => {
      for (const m of asArray(lt.blockDeviceMappings).map(asRecord)) {
        const ebs = asRecord(m.ebs);
        if (m.ebs !== undefined && ebs.volumeType !== "gp3") {
          report(
            `Block device ${String(m.deviceName ?? "(unnamed)")} must be gp3: \`ebs.volumeType\` is ${ebs.volumeType ? `"${String(ebs.volumeType)}"` : "unset"}.`,
          );
        }
      }
    }),
    validateResourceOfType(k8s.storage.v1.StorageClass, (sc, args, report) => {
      if (!EBS_PROVISIONERS.includes(String(sc.provisioner)))
        return args.notApplicable(`provisioner ${String(sc.provisioner)} is not EBS`);
      const type = asString(asRecord(sc.parameters).type);
      if (type !== "gp3")
        report(`EBS StorageClass must provision gp3: \`parameters.type\` is ${type ? `"${type}"` : "unset"}.`);
    }),
  ],
};

export const storagePolicies: EdgestackPolicy[] = [gp3Only];
